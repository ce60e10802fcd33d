"""FBS gate (Filter Before Sharing): the agency's nine checks before sharing.

Command line: `fbs check` (plugins/fbs/cli.py). As a Pelican plugin it logs the
same findings while the site builds; see pelican_plugin.py for its FBS_*
settings.
"""


def register():
    from pelican import signals

    from .pelican_plugin import on_content_init, on_finalized, on_generators_finalized

    signals.content_object_init.connect(on_content_init)
    signals.all_generators_finalized.connect(on_generators_finalized)
    signals.finalized.connect(on_finalized)

"""FBS gate (Filter Before Sharing): the agency's nine checks before sharing.

Command line: `fbs check` (plugins/fbs/cli.py). As a Pelican plugin it logs the
same findings while the site builds; see pelican_plugin.py for its FBS_*
settings.
"""

# blinker keeps only weak references to bound methods: this reference keeps
# the handlers connected.
PLUGIN = None


def register():
    from pelican import signals

    from .pelican_plugin import FbsPlugin

    global PLUGIN
    if PLUGIN is None:
        PLUGIN = FbsPlugin()
    signals.initialized.connect(PLUGIN.configure)
    signals.content_object_init.connect(PLUGIN.on_content_init)
    signals.all_generators_finalized.connect(PLUGIN.on_generators_finalized)
    signals.finalized.connect(PLUGIN.on_finalized)

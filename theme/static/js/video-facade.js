/* YouTube facade (plugins.media, partials/video.html).
   Until the reader asks for the video, the page holds only a local poster and
   a link: no request goes to YouTube. On click (or Enter, which clicks a
   focused link) the link is replaced by a youtube-nocookie.com player.
   Ctrl/Cmd/Shift-click and middle-click keep the link's normal behaviour. */
(function () {
  "use strict";
  var ID = /^[A-Za-z0-9_-]{11}$/;
  function play(event) {
    var link = event.currentTarget;
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button > 0) return;
    var id = link.getAttribute("data-video-id");
    if (!ID.test(id || "")) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = "https://www.youtube-nocookie.com/embed/" + id + "?autoplay=1&rel=0";
    frame.title = "Video: " + (link.getAttribute("data-title") || "YouTube");
    frame.className = "video-frame";
    frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture; fullscreen");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    link.parentNode.replaceChild(frame, link);
    frame.focus();
  }
  var links = document.querySelectorAll("a.video-facade[data-video-id]");
  for (var i = 0; i < links.length; i++) links[i].addEventListener("click", play);
})();

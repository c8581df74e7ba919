// wenda reader: reading mode (Chinese / English / side by side), remembered across pages of each interface;
// copy-link and citation buttons. Everything here is an enhancement: without JavaScript every page reads in its
// own language and every link works.
(function () {
  "use strict";
  var root = document.documentElement;
  // The interface this page belongs to ("zh" or "en"): its reading mode is stored under its own key.
  var INTERFACE = root.lang.indexOf("zh") === 0 ? "zh" : "en";

  // Read from a folder on disk (file://), a link to a folder opens a directory listing, not its page: links and
  // forms aimed at a folder are pointed at its index.html. Links made later (search results) are fixed as they
  // are used, before the browser follows them. (`wenda build --offline` writes such links in the first place.)
  if (location.protocol === "file:") {
    // Only a target that is a folder changes, and only by `index.html` put before its query and fragment, so
    // that `#q01-p2`, `../q02/index.html` and links elsewhere read as written.
    var toFile = function (target) {
      try {
        if (target === null || new URL(target, location.href).protocol !== "file:") return target;
      } catch (e) {
        return target; // not a URL at all: left as written
      }
      var cut = target.search(/[?#]/);
      var path = cut < 0 ? target : target.slice(0, cut);
      var rest = cut < 0 ? "" : target.slice(cut);
      if (path === "" || path === "." || path === "..") path = path ? path + "/" : path;
      return path.slice(-1) === "/" ? path + "index.html" + rest : target;
    };
    var fixLink = function (a) {
      var to = toFile(a.getAttribute("href"));
      if (to !== a.getAttribute("href")) a.setAttribute("href", to);
    };
    var fixForm = function (f) {
      var to = toFile(f.getAttribute("action"));
      if (to !== f.getAttribute("action")) f.setAttribute("action", to);
    };
    document.querySelectorAll("a[href]").forEach(fixLink);
    document.querySelectorAll("form[action]").forEach(fixForm);
    ["mousedown", "touchstart", "focusin", "click"].forEach(function (type) {
      document.addEventListener(type, function (e) {
        var a = e.target.closest && e.target.closest("a[href]");
        if (a) fixLink(a);
      }, true);
    });
    document.addEventListener("submit", function (e) { fixForm(e.target); }, true);
  }

  // The mode is remembered per interface (`wenda-mode-zh`, `wenda-mode-en`; base.html reads them before the
  // first paint), so that opening one interface, in this tab or another, never changes what the other shows. A
  // one-language choice holds where it was made; side by side names no language and holds in both.
  function store(mode) {
    try {
      (mode === "both" ? ["zh", "en"] : [INTERFACE]).forEach(function (lang) {
        localStorage.setItem("wenda-mode-" + lang, mode);
      });
    } catch (e) { /* private mode: the choice lasts for this page */ }
  }

  function setMode(mode) {
    root.setAttribute("data-mode", mode);
    document.querySelectorAll(".modes button").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-mode") === mode));
    });
  }

  // Said by screen readers after a copy (a button's new label alone is not announced; a pilcrow has none). The
  // live region is put in the page when it loads: one added at the moment of the copy is not read out.
  var status = null;
  function addStatus() {
    status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    document.body.appendChild(status);
  }
  function announce(text) {
    if (status) status.textContent = text;
  }

  // A pilcrow's copy is also shown beside it for a moment, so that a sighted reader sees the clipboard change.
  // Screen readers hear it from the status region, so this note is hidden from them (not said twice).
  function showCopied(link, text) {
    var old = link.parentNode.querySelector(".pl-copied");
    if (old) old.remove();
    var note = document.createElement("span");
    note.className = "pl-copied";
    note.setAttribute("aria-hidden", "true");
    note.textContent = text;
    link.insertAdjacentElement("afterend", note);
    setTimeout(function () { note.remove(); }, 2000);
  }

  // `button` is a copy button, whose label says "copied" for a moment; `link` a pilcrow.
  function copyText(text, button, link) {
    var done = function () {
      // The words are the interface strings of templates/strings.toml (`copied`, `link_copied`), put on the
      // body by base.html; a template of its own that leaves them out gets English.
      var said = function (name, otherwise) { return document.body.getAttribute(name) || otherwise; };
      var copied = said("data-copied", "Copied");
      var linkCopied = said("data-link-copied", "Link to the paragraph copied");
      announce(button ? copied : linkCopied);
      if (link) showCopied(link, linkCopied);
      if (!button) return;
      var label = button.textContent;
      button.textContent = copied;
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    var fallback = function () {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      try { document.execCommand("copy"); done(); } catch (e) { /* nothing more to try */ }
      document.body.removeChild(area);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, fallback);
    } else {
      fallback();
    }
  }

  // The address to share: the page's canonical URL (made from base_url) when it is an absolute web address,
  // so a copy made offline or with tracking parameters still points at the published page; else this page's
  // own address without query or fragment.
  function pageUrl() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var href = canonical && canonical.href;
    if (href && /^https?:\/\//.test(href)) return href.split("#")[0];
    return location.href.split("#")[0].split("?")[0];
  }

  // A web page is cited with the day it was read (Chicago, MLA, GB/T 7714 ask for it): the page is the same file
  // every day, so the day is added here, in the reader's time zone: before the address in the plain text (whose
  // paragraph citations end with the address and an anchor), as BibTeX's `urldate` and CSL-JSON's `accessed`.
  function addAccessed(section, form) {
    var phrase = section && section.getAttribute("data-accessed");
    var url = form && form.getAttribute("data-url");
    if (!phrase || !url) return;
    var now = new Date(), pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var day = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var before = function (text) {
      var at = text.lastIndexOf(url);
      return at < 0 ? text : text.slice(0, at) + phrase.replace("{date}", day) + text.slice(at);
    };
    var text = document.getElementById("cite-text");
    if (text) text.textContent = before(text.textContent);
    ["data-cite-text", "data-question-text"].forEach(function (name) {
      if (form.hasAttribute(name)) form.setAttribute(name, before(form.getAttribute(name)));
    });
    var bibtex = document.getElementById("cite-bibtex");
    if (bibtex) bibtex.textContent = bibtex.textContent.replace(/\n\}\s*$/, "\n  urldate = {" + day + "},\n}");
    var csl = document.getElementById("cite-csl");
    try {
      var items = JSON.parse(csl.textContent);
      items.forEach(function (item) { item.accessed = { "date-parts": [[now.getFullYear(), now.getMonth() + 1, now.getDate()]] }; });
      csl.textContent = JSON.stringify(items, null, 2);
    } catch (e) { /* not CSL-JSON (a template of someone else's): left as it is */ }
  }

  // Anchors land below the sticky reading-mode bar, whatever height it has in this language and width.
  function syncSticky() {
    var bar = document.querySelector(".modes");
    var height = bar && !bar.hidden ? bar.getBoundingClientRect().height : 0;
    root.style.setProperty("--sticky", Math.ceil(height) + "px");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".modes").forEach(function (group) {
      group.hidden = false;
      group.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-mode]");
        if (!button) return;
        var mode = button.getAttribute("data-mode");
        setMode(mode);
        store(mode);
      });
    });
    setMode(root.getAttribute("data-mode"));
    syncSticky();
    window.addEventListener("resize", syncSticky);
    // The bar appeared after the browser scrolled to the anchor: scroll again, now below it.
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();

    // Switching the interface language keeps the place. It stores no mode: each interface keeps its own.
    document.querySelectorAll("a.lang-switch").forEach(function (link) {
      link.addEventListener("click", function () {
        if (location.hash) link.setAttribute("href", link.getAttribute("href").split("#")[0] + location.hash);
      });
    });

    if (document.querySelector("a.pl, button.copy")) addStatus();

    // The pilcrow of a paragraph is a plain link to its anchor; clicking it also copies the full address.
    document.querySelectorAll("a.pl").forEach(function (link) {
      link.addEventListener("click", function () {
        copyText(pageUrl() + link.getAttribute("href"), null, link);
      });
    });

    addAccessed(document.getElementById("cite"), document.querySelector("form.cite-paragraph"));

    // "Cite this paragraph": the exchange's citation with the paragraph's anchor; the anchor in the address
    // (or a pilcrow clicked) picks the paragraph; paragraph numbers show beside the text while it is open.
    var citeForm = document.querySelector("form.cite-paragraph");
    if (citeForm) {
      var select = citeForm.querySelector("select");
      var out = document.getElementById("cite-paragraph");
      // A paragraph of the question is cited as the reporter's, one of the answer as the speaker's.
      var update = function () {
        var option = select.options[select.selectedIndex];
        var question = option && option.getAttribute("data-role") === "question";
        var text = citeForm.getAttribute(question ? "data-question-text" : "data-cite-text");
        out.textContent = text + "#" + select.value;
      };
      var fromHash = function () {
        var id = decodeURIComponent(location.hash.slice(1));
        for (var i = 0; i < select.options.length; i++) {
          if (select.options[i].value === id) { select.value = id; update(); }
        }
      };
      select.addEventListener("change", function () {
        update();
        root.classList.add("numbered");
      });
      window.addEventListener("hashchange", fromHash);
      update();
      fromHash();
    }

    document.querySelectorAll("button.copy").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var target = button.getAttribute("data-copy-target");
        var text = target ? document.getElementById(target).textContent : pageUrl();
        copyText(text, button);
      });
    });
  });
})();

# ruff: noqa: E501 - JavaScript source, one method a line
"""The JavaScript every script runs after: Legado's names (java, source, cookie, cache, book,
chapter, result …) over one primitive, ``__nf_host(name, ...args)``.

QuickJS refuses calls into Python while its time limit is armed, so a host call does not call
anything: it looks its answer up in the evaluation's journal, and when the answer is not there
yet it records the request and stops the script (``__nf_pending``). The sandbox answers the
request in Python and runs the script again from the start with the longer journal; with
``Date`` and ``Math.random`` frozen for the evaluation, the run retraces its steps exactly.
"""

PRELUDE = r"""
(function () {
  const G = globalThis;
  const journal = JSON.parse(G.__nf_journal || "[]");
  const bindings = JSON.parse(G.__nf_bindings || "{}");
  delete G.__nf_journal; delete G.__nf_bindings;
  let step = 0, pending = null;
  Object.defineProperty(G, "__nf_pending", { get() { return pending; } });
  const SUSPEND = "NovelFetch: waiting for the host";
  function host(name, ...args) {
    if (pending !== null) throw new Error(SUSPEND);
    const key = JSON.stringify([name, args.map(a => a === undefined ? null : a)]);
    if (step < journal.length) {
      const entry = journal[step++];
      if (entry[0] !== key) { pending = JSON.stringify(["!replay", [entry[0], key]]); throw new Error(SUSPEND); }
      if (entry[1].error !== undefined) throw new Error(entry[1].error);
      return wrap(entry[1].value);
    }
    pending = key;
    throw new Error(SUSPEND);
  }
  G.__nf_host = host;

  // One moment and one random sequence per evaluation, so that every replay is the same run.
  // Rhino and V8 also read "2024/05/01 10:00:00" and "2024-05-01 10:00" (local time).
  const RealDate = Date, now = bindings.__now;
  const LOOSE = /^\s*(\d{4})[\/-](\d{1,2})[\/-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?\s*$/;
  function parse(text) {
    const t = RealDate.parse(text);
    if (t === t) return t;
    const m = LOOSE.exec(String(text));
    return m ? new RealDate(+m[1], m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0)).getTime() : NaN;
  }
  function FrozenDate(...a) {
    if (!new.target) return new RealDate(now).toString();
    if (a.length === 1 && typeof a[0] === "string") return new RealDate(parse(a[0]));
    return a.length ? new RealDate(...a) : new RealDate(now);
  }
  FrozenDate.prototype = RealDate.prototype;
  FrozenDate.now = () => now; FrozenDate.UTC = RealDate.UTC; FrozenDate.parse = parse;
  G.Date = FrozenDate;
  let seed = (now % 2147483647) || 1;
  Math.random = () => { seed = (seed * 48271) % 2147483647; return seed / 2147483647; };

  // QuickJS's regex engine does not heed the time limit, and it loops for ever on a lazy
  // repeat of a group that can match nothing ((.*\s*)*?), which Java runs: such a pattern is
  // refused with a clear error rather than hanging the reader. match, replace, split and
  // test all reach exec.
  const nativeExec = RegExp.prototype.exec, endless = new Map();
  function loopsForEver(source) {
    const opens = [];
    for (let i = 0; i < source.length; i++) {
      const c = source[i];
      if (c === "\\") { i++; continue; }
      if (c === "[") { for (i++; i < source.length && source[i] !== "]"; i++) if (source[i] === "\\") i++; continue; }
      if (c === "(") { opens.push(i); continue; }
      if (c !== ")" || !opens.length) continue;
      const start = opens.pop(), lazy = source.slice(i + 1, i + 3);
      if (lazy !== "*?" && lazy !== "+?") continue;
      const body = source.slice(start + 1, i).replace(/^\?(?::|<[A-Za-z_$][\w$]*>)/, "");
      try { if (nativeExec.call(new RegExp("^(?:" + body + ")$"), "") !== null) return true; } catch (e) { /* not ours to judge */ }
    }
    return false;
  }
  RegExp.prototype.exec = function (input) {
    const source = this.source;
    if (!endless.has(source)) endless.set(source, source.indexOf(")*?") >= 0 || source.indexOf(")+?") >= 0 ? loopsForEver(source) : false);
    if (endless.get(source)) throw new Error("/" + source.slice(0, 60) + "/ would loop for ever here (a lazy repeat of a group that can match nothing)");
    return nativeExec.call(this, input);
  };

  // Under Rhino, values from java.* are Java Strings and Lists: scripts call their methods.
  const javaLike = (proto, methods) => { for (const [name, f] of Object.entries(methods)) {
    if (!(name in proto)) Object.defineProperty(proto, name, { value: f, writable: true, configurable: true });
  } };
  javaLike(String.prototype, {
    equals(o) { return String(this) === String(o); }, contains(s) { return String(this).includes(s); },
    isEmpty() { return this.length === 0; }, matches(re) { return new RegExp("^(?:" + re + ")$").test(this); },
    equalsIgnoreCase(o) { return String(this).toLowerCase() === String(o).toLowerCase(); },
  });
  javaLike(Array.prototype, {
    toArray() { return Array.from(this); }, size() { return this.length; }, get(i) { return this[i]; },
    isEmpty() { return this.length === 0; }, add(x) { this.push(x); return true; },
    contains(x) { return this.includes(x); },
  });

  // jsoup-like elements: an element is a handle into the host's parsed page.
  class Element {
    constructor(id) { this.__nf_el = id; }
    select(css) { return host("el.select", this.__nf_el, String(css)); }
    selectFirst(css) { const f = this.select(css); return f.length ? f[0] : null; }
    text() { return host("el.text", this.__nf_el); }
    ownText() { return host("el.ownText", this.__nf_el); }
    html() { return host("el.html", this.__nf_el); }
    outerHtml() { return host("el.outerHtml", this.__nf_el); }
    attr(name) { return host("el.attr", this.__nf_el, String(name)); }
    hasAttr(name) { return this.attr(name) !== ""; }
    absUrl(name) { return host("el.absUrl", this.__nf_el, String(name)); }
    tagName() { return host("el.tagName", this.__nf_el); }
    id() { return this.attr("id"); }
    className() { return this.attr("class"); }
    hasClass(c) { return this.className().split(/\s+/).indexOf(c) >= 0; }
    children() { return host("el.children", this.__nf_el); }
    parent() { return host("el.parent", this.__nf_el); }
    parentNode() { return this.parent(); }
    parents() { return host("el.parents", this.__nf_el); }
    textNodes() { return host("el.textNodes", this.__nf_el).map(t => new TextNode(t)); }
    equals(o) { return o != null && o.__nf_el === this.__nf_el; }
    child(i) { return this.children()[i]; }
    nextElementSibling() { return host("el.sibling", this.__nf_el, 1); }
    previousElementSibling() { return host("el.sibling", this.__nf_el, -1); }
    getElementsByTag(t) { return this.select(t); }
    getElementsByClass(c) { return this.select("." + c); }
    getElementById(i) { return this.selectFirst("#" + i); }
    data() { return this.html(); }
    val() { return this.tagName() === "textarea" ? this.text() : this.attr("value"); }
    remove() { host("el.remove", this.__nf_el); return this; }
    body() { return this.selectFirst("body"); }
    head() { return this.selectFirst("head"); }
    title() { return this.select("title").text(); }
    toString() { return this.outerHtml(); }
    toJSON() { return { __nf_el: this.__nf_el }; }
  }
  // jsoup's TextNode: its text as it is, whitespace-collapsed, and as markup (toString).
  class TextNode {
    constructor(t) { this.__nf_text = t; }
    getWholeText() { return this.__nf_text; }
    text() { return this.__nf_text.replace(/\s+/g, " "); }
    isBlank() { return !/\S/.test(this.__nf_text); }
    toString() { return this.text().replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\u00a0/g, "&nbsp;"); }
  }
  class Elements extends Array {
    size() { return this.length; }
    get(i) { return this[i]; }
    first() { return this.length ? this[0] : null; }
    eq(i) { const out = new Elements(); if (this[i] !== undefined) out.push(this[i]); return out; }
    last() { return this.length ? this[this.length - 1] : null; }
    isEmpty() { return this.length === 0; }
    text() { return this.map(e => e.text()).join(" "); }
    html() { return this.map(e => e.html()).join("\n"); }
    outerHtml() { return this.map(e => e.outerHtml()).join("\n"); }
    attr(n) { for (const e of this) { const v = e.attr(n); if (v) return v; } return ""; }
    eachText() { return this.map(e => e.text()); }
    eachAttr(n) { return this.map(e => e.attr(n)); }
    select(css) { const out = new Elements(); for (const e of this) out.push(...e.select(css)); return out; }
    selectFirst(css) { const f = this.select(css); return f.length ? f[0] : null; }
    // jsoup's Element methods on the first element, as scripts call them on getElement's value.
    absUrl(n) { return this.length ? this[0].absUrl(n) : ""; }
    ownText() { return this.length ? this[0].ownText() : ""; }
    tagName() { return this.length ? this[0].tagName() : ""; }
    id() { return this.attr("id"); }
    children() { const out = new Elements(); for (const e of this) out.push(...e.children()); return out; }
    parent() { return this.length ? this[0].parent() : null; }
    toString() { return this.outerHtml(); }
    // Java's List methods compare by jsoup's equals (the same element), not by wrapper.
    indexOf(x) { return x != null && x.__nf_el !== undefined ? this.findIndex(e => e.__nf_el === x.__nf_el) : -1; }
    contains(x) { return this.indexOf(x) >= 0; }
    textNodes() { return [].concat(...this.map(e => e.textNodes())); }
    parents() { const out = new Elements(); for (const e of this) for (const p of e.parents()) if (!out.contains(p)) out.push(p); return out; }
    // remove(): jsoup's, out of the document; remove(i) / remove(element): Java List's, out of the list.
    remove(x) {
      if (typeof x === "number") return this.splice(x, 1)[0];
      if (x !== undefined) { const i = this.indexOf(x); if (i >= 0) this.splice(i, 1); return i >= 0; }
      for (const e of this) e.remove(); return this;
    }
    val() { return this.length ? this[0].val() : ""; }
  }
  // Any other Element method on Elements acts on the first, as on getElement's value.
  for (const name of Object.getOwnPropertyNames(Element.prototype)) {
    if (name === "constructor" || name === "toJSON" || name in Elements.prototype) continue;
    Object.defineProperty(Elements.prototype, name, { configurable: true, writable: true,
      value(...a) { return this.length ? this[0][name](...a) : null; } });
  }
  function wrap(v) {
    if (v === null || typeof v !== "object") return v;
    if (v.__nf_el !== undefined) return new Element(v.__nf_el);
    if (v.__nf_els !== undefined) { const out = new Elements(); for (const id of v.__nf_els) out.push(new Element(id)); return out; }
    if (v.__nf_response !== undefined) return response(v.__nf_response);
    if (v.__nf_json !== undefined) return javaJson(v.__nf_json);
    return v;
  }
  // A JSONPath value reaches a Legado script as json-smart's JSONArray / JSONObject, whose
  // toString is their JSON: ``JSON.parse(result)`` and ``String(result)`` read it back.
  function javaJson(v) {
    if (v === null || typeof v !== "object") return v;
    for (const k of Object.keys(v)) v[k] = javaJson(v[k]);
    Object.defineProperty(v, "toString", { value() { return JSON.stringify(this); }, writable: true, configurable: true });
    return v;
  }
  function response(r) {
    // jsoup's headers(name) is a Java List (its text "[a]"): scripts cut the Location out of it.
    const values = n => { const v = r.headers[String(n).toLowerCase()], l = v == null ? [] : [v];
      Object.defineProperty(l, "toString", { value: () => "[" + l.join(", ") + "]" }); return l; };
    return { body: () => r.body, code: () => r.code, statusCode: () => r.code, url: () => r.url,
      headers: (n) => (n === undefined ? r.headers : values(n)),
      header: n => r.headers[String(n).toLowerCase()] || null,
      isSuccessful: () => r.code >= 200 && r.code < 300,
      cookies: () => r.cookies || {}, raw: () => ({ request: () => ({ url: () => r.url }) }),
      toString: () => r.body };
  }
  const bytes = v => (Array.isArray(v) ? { bytes: v } : v);
  // A number given to a Java long parameter: Rhino truncates it, and makes NaN 0.
  const javaLong = v => { const n = Math.trunc(Number(v)); return Number.isFinite(n) ? n : 0; };
  const h = name => (...a) => host(name, ...a);

  function crypto(transformation, key, iv) {
    const c = (op) => (data) => host("crypto", op, transformation, bytes(key), bytes(iv === undefined ? null : iv), String(data));
    return { decrypt: c("decrypt"), decryptStr: c("decryptStr"), encrypt: c("encrypt"),
      encryptBase64: c("encryptBase64"), encryptHex: c("encryptHex"),
      setIv(newIv) { iv = newIv; return this; } };
  }
  const legacy = (t) => (data, key, transformation, iv) => crypto(transformation, key, iv)[t](data);
  const legacyArgs = (algorithm, t) => (data, key, mode, padding, iv) =>
    crypto(algorithm + "/" + mode + "/" + padding, key, iv)[t](data);

  const java = {
    ajax: (url) => host("ajax", String(Array.isArray(url) ? url[0] : url)), // a List: its first
    ajaxAll: (urls) => host("ajaxAll", Array.from(urls, String)).map(wrap), // responses
    getZipStringContent: (url, path, charset) =>
      host("getZipStringContent", String(url), String(path), charset === undefined ? null : String(charset)),
    connect: (url, header) => host("connect", String(url), header === undefined ? null : String(header)),
    get(a, headers) { return arguments.length >= 2 ? host("http", "GET", String(a), headers, null) : host("var.get", String(a)); },
    post: (url, body, headers) => host("http", "POST", String(url), headers || {}, String(body)),
    head: (url, headers) => host("http", "HEAD", String(url), headers || {}, null),
    put: (k, v) => host("var.put", String(k), String(v)),
    // Legado's overloads: (rule), (rule, unescape: a boolean), (rule, content[, isUrl]): the
    // rule read on that content (an element, or a text read as a page), not on the item.
    getString(rule, a, b) {
      if (a === undefined || a === null || typeof a === "boolean") return host("rule.getString", String(rule), false);
      const on = a instanceof Element ? { __nf_el: a.__nf_el } : typeof a === "string" || a instanceof Elements ? String(a) : JSON.stringify(a);
      return host("rule.getString", String(rule), !!b, on);
    },
    getStringList: (rule) => host("rule.getStringList", String(rule)),
    getElement: (rule) => host("rule.getElement", String(rule)),
    getElements: (rule) => host("rule.getElements", String(rule)),
    setContent: (content, base) => host("rule.setContent", typeof content === "string" ? content : JSON.stringify(content), base === undefined ? null : String(base)),
    base64Decode: (s, c) => host("base64Decode", String(s), c === undefined ? null : c),
    base64DecodeToByteArray: (s) => host("base64DecodeToByteArray", String(s)),
    base64Encode: (s, flags) => host("base64Encode", String(s), flags === undefined ? 2 : flags),
    hexDecodeToString: h("hexDecodeToString"), hexEncodeToString: h("hexEncodeToString"),
    hexDecodeToByteArray: h("hexDecodeToByteArray"),
    encodeURI: (s, enc) => host("encodeURI", String(s), enc === undefined ? "UTF-8" : String(enc)),
    decodeURI: (s, enc) => host("decodeURI", String(s), enc === undefined ? "UTF-8" : String(enc)),
    utf8ToGbk: h("utf8ToGbk"),
    strToBytes: (s, c) => host("strToBytes", String(s), c === undefined ? "UTF-8" : c),
    bytesToStr: (b, c) => host("bytesToStr", Array.from(b), c === undefined ? "UTF-8" : c),
    md5Encode: (s) => host("md5Encode", String(s)), md5Encode16: (s) => host("md5Encode16", String(s)),
    digestHex: h("digestHex"), digestBase64Str: h("digestBase64Str"),
    HMacHex: h("HMacHex"), HMacBase64: h("HMacBase64"),
    createSymmetricCrypto: crypto,
    aesDecodeToString: legacy("decryptStr"), aesBase64DecodeToString: legacy("decryptStr"),
    aesDecodeToByteArray: legacy("decrypt"), aesBase64DecodeToByteArray: legacy("decrypt"),
    aesEncodeToString: legacy("decryptStr"), // sic: Legado's own aesEncodeToString decrypts
    aesEncodeToByteArray: legacy("encrypt"),
    aesEncodeToBase64String: legacy("encryptBase64"),
    aesDecodeArgsBase64Str: (d, k, m, p, iv) => crypto("AES/" + m + "/" + p, host("base64DecodeToByteArray", k), host("base64DecodeToByteArray", iv)).decryptStr(d),
    aesEncodeArgsBase64Str: legacyArgs("AES", "encryptBase64"),
    desDecodeToString: legacy("decryptStr"), desBase64DecodeToString: legacy("decryptStr"),
    desEncodeToString: legacy("encrypt"), desEncodeToBase64String: legacy("encryptBase64"),
    tripleDESDecodeStr: legacyArgs("DESede", "decryptStr"),
    tripleDESEncodeBase64Str: legacyArgs("DESede", "encryptBase64"),
    tripleDESDecodeArgsBase64Str: (d, k, m, p, iv) => crypto("DESede/" + m + "/" + p, host("base64DecodeToByteArray", k), iv).decryptStr(d),
    tripleDESEncodeArgsBase64Str: (d, k, m, p, iv) => crypto("DESede/" + m + "/" + p, host("base64DecodeToByteArray", k), iv).encryptBase64(d),
    timeFormat: (t) => host("timeFormat", javaLong(t)),
    timeFormatUTC: (t, f, sh) => host("timeFormatUTC", javaLong(t), String(f), javaLong(sh)),
    t2s: (s) => host("t2s", String(s)), s2t: (s) => host("s2t", String(s)),
    htmlFormat: (s) => host("htmlFormat", String(s)),
    randomUUID: () => host("randomUUID"),
    toNumChapter: (s) => (s === null || s === undefined ? s : host("toNumChapter", String(s))),
    log: (m) => { host("log", String(m)); return m; },
    logType: (m) => { host("log", typeof m); },
    toast: (m) => { host("log", String(m)); }, longToast: (m) => { host("log", String(m)); },
    getCookie: (tag, key) => host("cookie.get", String(tag), key === undefined ? null : String(key)),
    androidId: () => "novelfetch",
  };
  const variableOwner = (owner, data) => Object.assign({}, data || {}, {
    getVariable: (k) => host(owner + ".getVariable", k === undefined ? null : String(k)),
    putVariable: (k, v) => host(owner + ".putVariable", String(k), String(v)),
  });
  const src = bindings.source || {}, LOGIN_HEADER = "\u0000loginHeader";
  // A name Legado has and NovelFetch does not (webView, startBrowser …) says so by name.
  G.java = new Proxy(java, { get(target, name) {
    if (typeof name !== "string" || name in target) return target[name];
    throw new Error("java." + name + " is not available in NovelFetch");
  } });
  G.source = Object.assign({}, src, {
    getKey: () => src.bookSourceUrl || "",
    getVariable: () => host("source.getVariable"),
    setVariable: (v) => host("source.setVariable", v === null || v === undefined ? "" : String(v)),
    put: (k, v) => host("cache.put", "source:" + k, String(v)),
    get: (k) => host("cache.get", "source:" + k),
    getSource() { return G.source; },
    // No one logs in here: Legado's BaseSource answers null for these then (scripts test
    // ``getLoginHeaderMap() != null`` before calling its Java Map's get).
    getLoginInfo: () => null, getLoginInfoMap: () => null,
    // A script may set the login header itself (一读小说, after a cookie challenge): as in
    // Legado, its Cookie goes to the source's cookie jar (sent with the next requests); the
    // header is kept for getLoginHeader. Its other headers are not added to requests here.
    getLoginHeader: () => host("cache.get", LOGIN_HEADER),
    getLoginHeaderMap() {
      const t = G.source.getLoginHeader(); let m = null;
      try { m = t == null ? null : JSON.parse(t); } catch (e) { /* Legado's getOrNull */ }
      if (m === null || typeof m !== "object") return null;
      Object.defineProperty(m, "get", { value: k => (m[k] === undefined ? null : m[k]) });
      return m;
    },
    putLoginHeader(h) {
      h = String(h); let m = null;
      try { m = JSON.parse(h); } catch (e) { /* kept as text, as Legado keeps it */ }
      const c = m && (m.Cookie !== undefined ? m.Cookie : m.cookie);
      if (c !== undefined && c !== null) host("cookie.replace", G.source.getKey(), String(c));
      host("cache.put", LOGIN_HEADER, h);
    },
    removeLoginHeader() { host("cache.put", LOGIN_HEADER, null); host("cookie.remove", G.source.getKey()); },
  });
  // Rhino's Java bridge, for the one class sources use most: org.jsoup.Jsoup.parse(html).
  G.org = { jsoup: { Jsoup: { parse: (html) => host("jsoup.parse", String(html)) } } };
  G.cookie = {
    getCookie: (tag, key) => host("cookie.get", String(tag), key === undefined ? null : String(key)),
    getKey: (tag, key) => host("cookie.get", String(tag), String(key)),
    setCookie: (tag, c) => host("cookie.set", String(tag), String(c)),
    replaceCookie: (tag, c) => host("cookie.replace", String(tag), String(c)),
    removeCookie: (tag) => host("cookie.remove", String(tag)),
  };
  // Legado's cache: put/get keep text (a database); putMemory keeps the value itself, which
  // getFromMemory gives back as it was (an object stays an object), apart from the text.
  const memory = (k) => "\u0000memory:" + String(k);
  G.cache = {
    get: (k) => host("cache.get", String(k)),
    put: (k, v) => host("cache.put", String(k), typeof v === "string" ? v : JSON.stringify(v)),
    getFromMemory: (k) => { const t = host("cache.get", memory(k)); return t == null ? null : JSON.parse(t); },
    putMemory: (k, v) => host("cache.put", memory(k), JSON.stringify(v === undefined ? null : v)),
    deleteMemory: (k) => host("cache.put", memory(k), null),
    // putFile/getFile: Legado's file cache, kept here with the rest (奇怪小说's jsLib reads it).
    putFile: (k, v) => host("cache.put", "\u0000file:" + String(k), typeof v === "string" ? v : JSON.stringify(v)),
    getFile: (k) => host("cache.get", "\u0000file:" + String(k)),
    delete: (k) => { for (const key of [String(k), memory(k), "\u0000file:" + String(k)]) host("cache.put", key, null); },
  };
  G.book = Object.assign(variableOwner("book", bindings.book), {
    putCustomVariable: (v) => host("book.putVariable", "custom", String(v)),
    getCustomVariable: () => host("book.getVariable", "custom"),
    // Legado's Book.setReverseToc: false keeps the catalog's order (what NovelFetch does);
    // reversing it from a script is not done here, and says so.
    setReverseToc(v) { if (v) throw new Error("book.setReverseToc(true) is not available in NovelFetch"); },
    getReverseToc: () => false,
  });
  G.chapter = variableOwner("chapter", bindings.chapter);
  for (const name of ["baseUrl", "key", "page", "title", "src", "nextChapterUrl"]) {
    if (bindings[name] !== undefined) G[name] = bindings[name];
  }
  G.result = wrap(bindings.result === undefined ? null : bindings.result);
})();
"""

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About NovelFetch</source>
        <translation>关于 NovelFetch</translation>
    </message>
    <message>
        <source>NovelFetch</source>
        <translation>NovelFetch</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>版本 %1</translation>
    </message>
    <message>
        <source>Saves offline reading copies of web novels as EPUB or TXT: load a book, choose its chapters, and read them anywhere.</source>
        <translation>把网络小说保存为 EPUB 或 TXT，离线阅读：载入一本书，选好章节，随时随地都能读。</translation>
    </message>
    <message>
        <source>Free software under the GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later).</source>
        <translation>本软件是自由软件，依据 GNU Affero 通用公共许可证第 3 版或更高版本（AGPL-3.0-or-later）发布。</translation>
    </message>
</context>
<context>
    <name>BookHome</name>
    <message>
        <source>Loading the book…</source>
        <translation>正在载入书籍…</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Writing the book…</source>
        <translation>正在生成电子书…</translation>
    </message>
    <message>
        <source>No chapters chosen: widen the range first.</source>
        <translation>未选择任何章节：请先扩大范围。</translation>
    </message>
    <message>
        <source>Cannot use that folder: %1</source>
        <translation>无法使用该文件夹：%1</translation>
    </message>
    <message>
        <source>Queued %1: the Downloads page shows how it goes.</source>
        <translation>已将《%1》加入队列：可在“下载”页查看进度。</translation>
    </message>
    <message>
        <source>%1 is downloading on the Downloads page: let it finish (the book is then stored) or cancel it there before starting it here.</source>
        <translation>《%1》正在“下载”页下载：请等它完成（届时全书已保存），或在那里取消后再在此处开始。</translation>
    </message>
    <message numerus="yes">
        <source>%n paid, not fetched</source>
        <translation>
            <numerusform>%n 章付费，未获取</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled — %1 of %n chosen chapter(s) stored; Start fetches the rest.</source>
        <translation>
            <numerusform>已取消 — 所选 %n 章中已保存 %1 章；点“开始”下载其余章节。</numerusform>
        </translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
    <message>
        <source>Downloading %1 (%2%) — %3</source>
        <translation>正在下载《%1》（%2%）— %3</translation>
    </message>
    <message>
        <source>Paused: %1 (%2%) — %3</source>
        <translation>已暂停：《%1》（%2%）— %3</translation>
    </message>
    <message>
        <source>Writing %1 — %3</source>
        <translation>正在生成《%1》— %3</translation>
    </message>
    <message>
        <source>%1 — %3</source>
        <translation>《%1》— %3</translation>
    </message>
</context>
<context>
    <name>BookPage</name>
    <message>
        <source>Book</source>
        <translation>书籍</translation>
    </message>
    <message>
        <source>Download</source>
        <extracomment>The Chinese script and &quot;apply replacement rules&quot;, remembered for each book; in the book&apos;s column, under its details, where the cover leaves height to spare.</extracomment>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>BookPanel</name>
    <message>
        <source>Book cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>Book title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Chapter count</source>
        <translation>章节数</translation>
    </message>
    <message>
        <source>Source and book ID</source>
        <translation>书源与书籍 ID</translation>
    </message>
    <message>
        <source>Introduction</source>
        <translation>简介</translation>
    </message>
    <message>
        <source>No book loaded</source>
        <translation>尚未载入书籍</translation>
    </message>
    <message>
        <source>Enter a book ID or paste a book address above.</source>
        <translation>请在上方输入书籍 ID，或粘贴书籍网址。</translation>
    </message>
    <message>
        <source>Loading cover…</source>
        <translation>正在载入封面…</translation>
    </message>
    <message>
        <source>Unknown author</source>
        <translation>作者不详</translation>
    </message>
    <message>
        <source>%1 · book %2</source>
        <translation>%1 · 书号 %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln chapter(s)</source>
        <translation>
            <numerusform>共 %Ln 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already stored</source>
        <translation>
            <numerusform>已保存 %Ln 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln paid</source>
        <translation>
            <numerusform>付费 %Ln 章</numerusform>
        </translation>
    </message>
    <message>
        <source>No cover</source>
        <translation>无封面</translation>
    </message>
</context>
<context>
    <name>BookPicker</name>
    <message>
        <source>Book ID or address, e.g. 4306063500 or https://dushu.baidu.com/pc/detail?gid=…</source>
        <translation>书籍 ID 或网址，例如 4306063500 或 https://dushu.baidu.com/pc/detail?gid=…</translation>
    </message>
    <message>
        <source>Sample book 1, 2 or 3</source>
        <translation>示例书 1、2 或 3</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>书源</translation>
    </message>
    <message>
        <source>Book ID or address</source>
        <translation>书籍 ID 或网址</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>载入</translation>
    </message>
    <message>
        <source>Load the book</source>
        <translation>载入这本书</translation>
    </message>
    <message>
        <source>&amp;Source</source>
        <translation>书源(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Book</source>
        <translation>书籍(&amp;B)</translation>
    </message>
    <message>
        <source>Book address</source>
        <translation>书籍网址</translation>
    </message>
</context>
<context>
    <name>ChapterModel</name>
    <message>
        <source>Chapter</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>卷</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Stored</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>付费</translation>
    </message>
    <message>
        <source>Not stored</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>A paid chapter: the source may refuse it.</source>
        <translation>付费章节：书源可能拒绝提供。</translation>
    </message>
</context>
<context>
    <name>ChapterPanel</name>
    <message>
        <source>Chapters</source>
        <translation>章节列表</translation>
    </message>
    <message>
        <source>From chapter</source>
        <translation>起始章节</translation>
    </message>
    <message>
        <source>To chapter</source>
        <translation>结束章节</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Select every chapter</source>
        <translation>选中所有章节</translation>
    </message>
    <message>
        <source>Select all chapters</source>
        <translation>全选章节</translation>
    </message>
    <message>
        <source>Only chapters not yet stored</source>
        <translation>只要未保存的章节</translation>
    </message>
    <message>
        <source>Fetch only the chosen chapters not stored yet, and write the whole book with them</source>
        <translation>只下载所选章节中尚未保存的，并用它们写出整本书</translation>
    </message>
    <message>
        <source>Selection</source>
        <translation>所选范围</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>从(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;to</source>
        <translation>到(&amp;T)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation>全不选(&amp;N)</translation>
    </message>
    <message>
        <source>Select from &amp;here to the end</source>
        <translation>从这里选到末尾(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Download selected</source>
        <translation>下载所选章节(&amp;D)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln chosen</source>
        <translation>
            <numerusform>已选 %Ln 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln to download</source>
        <translation>
            <numerusform>待下载 %Ln 章</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CoreMessages</name>
    <message>
        <source>not a book ID or book address: {text!r} (IDs are digits)</source>
        <translation>不是书号也不是书籍地址：{text!r}（书号由数字组成）</translation>
    </message>
    <message>
        <source>book {book} not found at {source}</source>
        <translation>在 {source} 找不到书号 {book}</translation>
    </message>
    <message>
        <source>cannot reach {source}: {error}</source>
        <translation>无法访问 {source}：{error}</translation>
    </message>
    <message>
        <source>{source} did not answer usably: {error}</source>
        <translation>{source} 的响应无法使用：{error}</translation>
    </message>
    <message>
        <source>no answer for {seconds:.0f} s</source>
        <translation>{seconds:.0f} 秒无响应</translation>
    </message>
    <message>
        <source>no answer for {seconds:.0f} s ({error})</source>
        <translation>{seconds:.0f} 秒无响应（{error}）</translation>
    </message>
    <message>
        <source>book details</source>
        <translation>书籍信息</translation>
    </message>
    <message>
        <source>cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>chapter {index} {title}</source>
        <translation>第 {index} 章 {title}</translation>
    </message>
    <message>
        <source>{what}: {error}; retry {attempt} in {delay:.1f} s</source>
        <translation>{what}：{error}；{delay:.1f} 秒后第 {attempt} 次重试</translation>
    </message>
    <message>
        <source>cannot connect to {host}:{port} ({reason})</source>
        <translation>无法连接到 {host}:{port}（{reason}）</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>the answer was cut off</source>
        <translation>响应不完整</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>起步中</translation>
    </message>
    <message>
        <source>fixed at {limit}</source>
        <translation>固定为 {limit}</translation>
    </message>
    <message>
        <source>starting at {limit}, where this source settled last time</source>
        <translation>从 {limit} 起步（此书源上次稳定的值）</translation>
    </message>
    <message>
        <source>paused {seconds:.0f} s: Retry-After from the source</source>
        <translation>暂停 {seconds:.0f} 秒：书源要求稍后重试</translation>
    </message>
    <message>
        <source>slowed down: answers slower ({now:.0f} ms, usually {usual:.0f} ms)</source>
        <translation>已放慢：响应变慢（{now:.0f} 毫秒，平时 {usual:.0f} 毫秒）</translation>
    </message>
    <message>
        <source>slowed down: {status} from the source</source>
        <translation>已放慢：书源返回 {status}</translation>
    </message>
    <message>
        <source>slowed down: {error}</source>
        <translation>已放慢：{error}</translation>
    </message>
    <message>
        <source>easing off: this computer is the bottleneck</source>
        <translation>已放缓：本机处理不过来</translation>
    </message>
    <message>
        <source>speeding up: answers healthy</source>
        <translation>正在加速：响应正常</translation>
    </message>
    <message>
        <source>limit {before} → {after}: {reason}</source>
        <translation>同时请求数 {before} → {after}：{reason}</translation>
    </message>
    <message>
        <source>this source cannot search</source>
        <translation>此书源不能搜索</translation>
    </message>
    <message>
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>search {words!r}</source>
        <translation>搜索 {words!r}</translation>
    </message>
    <message>
        <source>search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>{count} found</source>
        <translation>找到 {count} 本</translation>
    </message>
    <message>
        <source>no results, so nothing further to try</source>
        <translation>没有结果，无法继续试用</translation>
    </message>
    <message>
        <source>details</source>
        <translation>书籍信息</translation>
    </message>
    <message>
        <source>{title} — {author}</source>
        <translation>《{title}》— {author}</translation>
    </message>
    <message>
        <source>find a book on its home page</source>
        <translation>在首页找一本书</translation>
    </message>
    <message>
        <source>{title} ({address})</source>
        <translation>《{title}》（{address}）</translation>
    </message>
    <message>
        <source>no home page to take a book from</source>
        <translation>没有可取书的首页</translation>
    </message>
    <message>
        <source>no check word and no pattern of its book addresses: give words or a book address</source>
        <translation>未设校验关键字，也没有书籍地址规则：请填写搜索文字或书籍地址</translation>
    </message>
    <message>
        <source>no link on {page} is one of its book addresses: give words or a book address</source>
        <translation>{page} 上没有指向该书源书籍的链接：请填写搜索文字或书籍地址</translation>
    </message>
    <message>
        <source>this source cannot search: give a book address</source>
        <translation>此书源不能搜索：请填写书籍地址</translation>
    </message>
    <message>
        <source>the book from its home page was not found</source>
        <translation>搜不到首页上的这本书</translation>
    </message>
    <message>
        <source>book address</source>
        <translation>书籍地址</translation>
    </message>
    <message>
        <source>no source knows this address: {host!r}</source>
        <translation>没有书源认识这个地址：{host!r}</translation>
    </message>
    <message>
        <source>source {name} ({source}) is disabled</source>
        <translation>书源 {name}（{source}）已停用</translation>
    </message>
    <message>
        <source>source {name} ({source}) cannot be used: {problems}</source>
        <translation>书源 {name}（{source}）无法使用：{problems}</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path} is not a text file (rule files are UTF-8 JSON)</source>
        <translation>{path} 不是文本文件（规则文件是 UTF-8 编码的 JSON）</translation>
    </message>
    <message>
        <source>{path} is over {mib} MiB, the limit for a rule file</source>
        <translation>{path} 超过 {mib} MiB，这是规则文件的大小上限</translation>
    </message>
    <message>
        <source>only files on this computer can be read: {where!r}</source>
        <translation>只能读取本机上的文件：{where!r}</translation>
    </message>
    <message>
        <source>only http and https addresses can be imported from: {url!r}</source>
        <translation>只能从 http 或 https 地址导入：{url!r}</translation>
    </message>
    <message>
        <source>cannot fetch {url}: {error}</source>
        <translation>无法获取 {url}：{error}</translation>
    </message>
    <message>
        <source>no book in the library matches {text!r}</source>
        <translation>书库中没有与 {text!r} 相符的书</translation>
    </message>
    <message>
        <source>not a book ID: {text!r} (IDs are numbers from 1 up)</source>
        <translation>不是书籍 ID：{text!r}（ID 是从 1 开始的数字）</translation>
    </message>
    <message>
        <source>{error}; {stored:,} of {wanted:,} chapters are stored; running again fetches the rest</source>
        <translation>{error}；已保存 {wanted:,} 章中的 {stored:,} 章，再次运行会下载其余章节</translation>
    </message>
    <message>
        <source>{what} holds book sources, not replacement rules: import it as a source</source>
        <translation>{what} 是书源文件，不是替换规则：请作为书源导入</translation>
    </message>
    <message>
        <source>{field} {problem}</source>
        <translation>字段 {field} {problem}</translation>
    </message>
    <message>
        <source>{fields}: each {problem}</source>
        <translation>字段 {fields} 均{problem}</translation>
    </message>
    <message>
        <source>{label}: {problem}</source>
        <translation>{label}：{problem}</translation>
    </message>
    <message>
        <source>{first}, {rest}</source>
        <translation>{first}、{rest}</translation>
    </message>
    <message>
        <source>{first}; {rest}</source>
        <translation>{first}；{rest}</translation>
    </message>
    <message>
        <source>needs a browser ({option})</source>
        <translation>需要浏览器（{option}）</translation>
    </message>
    <message>
        <source>needs a browser (its script asks for webView)</source>
        <translation>需要浏览器（其脚本要求 webView）</translation>
    </message>
    <message>
        <source>needs {names}: not available in NovelFetch</source>
        <translation>需要 {names}：NovelFetch 没有提供</translation>
    </message>
    <message>
        <source>needs {names}: not available in NovelFetch (js option)</source>
        <translation>需要 {names}：NovelFetch 没有提供（js 选项）</translation>
    </message>
    <message>
        <source>needs {names}: not available in NovelFetch (its scripts run it with eval)</source>
        <translation>需要 {names}：NovelFetch 没有提供（其脚本用 eval 运行它）</translation>
    </message>
    <message>
        <source>needs Java code (@java:)</source>
        <translation>需要 Java 代码（@java:）</translation>
    </message>
    <message>
        <source>needs JavaScript ({marker})</source>
        <translation>需要 JavaScript（{marker}）</translation>
    </message>
    <message>
        <source>Java classes (Packages, java.lang …)</source>
        <translation>Java 类（Packages、java.lang …）</translation>
    </message>
    <message>
        <source>{name} ({why})</source>
        <translation>{name}（{why}）</translation>
    </message>
    <message>
        <source>a browser</source>
        <translation>浏览器</translation>
    </message>
    <message>
        <source>a person to solve a captcha</source>
        <translation>人工识别验证码</translation>
    </message>
    <message>
        <source>font decoding</source>
        <translation>字体解码</translation>
    </message>
    <message>
        <source>cannot be read: its script does not compile ({where})</source>
        <translation>无法读取：其脚本无法编译（{where}）</translation>
    </message>
    <message>
        <source>cannot be read: {problem}</source>
        <translation>无法读取：{problem}</translation>
    </message>
    <message>
        <source>cannot be read: it nests too deeply</source>
        <translation>无法读取：嵌套过深</translation>
    </message>
    <message>
        <source>is empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>is missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>{value!r} is not an http(s) address</source>
        <translation>{value!r} 不是 http(s) 地址</translation>
    </message>
    <message>
        <source>not a text source ({field} {type}: {kind})</source>
        <translation>不是文字书源（{field} {type}：{kind}）</translation>
    </message>
    <message>
        <source>needs the book ID, but {pattern} gives no pattern</source>
        <translation>需要书籍 ID，但 {pattern} 没有给出匹配模式</translation>
    </message>
    <message>
        <source>needs JavaScript; default headers are used</source>
        <translation>需要 JavaScript；改用默认请求头</translation>
    </message>
    <message>
        <source>is not JSON; default headers are used</source>
        <translation>不是 JSON；改用默认请求头</translation>
    </message>
    <message>
        <source>is not a JSON object; default headers are used</source>
        <translation>不是 JSON 对象；改用默认请求头</translation>
    </message>
    <message>
        <source>a Legado 2.x source ({key} …); only Legado 3.x sources are read</source>
        <translation>阅读 2.x 书源（{key} …）；只能读取阅读 3.x 书源</translation>
    </message>
    <message>
        <source>audio</source>
        <translation>音频</translation>
    </message>
    <message>
        <source>image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>file download</source>
        <translation>文件下载</translation>
    </message>
    <message>
        <source>type {value!r}</source>
        <translation>类型 {value!r}</translation>
    </message>
    <message>
        <source>concurrentRate {value!r} is not a rate</source>
        <translation>concurrentRate {value!r} 不是有效的访问频率</translation>
    </message>
    <message>
        <source>concurrentRate {value!r} is not a rate (write milliseconds like &quot;1000&quot;, or requests per milliseconds like &quot;20/60000&quot;)</source>
        <translation>concurrentRate {value!r} 不是有效的访问频率（请写毫秒数，如 &quot;1000&quot;；或“请求数/毫秒数”，如 &quot;20/60000&quot;）</translation>
    </message>
    <message>
        <source>its id is a built-in&apos;s</source>
        <translation>其 ID 与内置书源相同</translation>
    </message>
    <message>
        <source>search ({field} is empty)</source>
        <translation>搜索（{field} 为空）</translation>
    </message>
    <message>
        <source>search ({first} or {second} is empty)</source>
        <translation>搜索（{first} 或 {second} 为空）</translation>
    </message>
    <message>
        <source>{field} options (not JSON even to Legado&apos;s lenient reader; ignored)</source>
        <translation>{field} 的选项（连阅读的宽松解析也读不成 JSON；已忽略）</translation>
    </message>
    <message>
        <source>{field} left out: {error}</source>
        <translation>已略去 {field}：{error}</translation>
    </message>
    <message>
        <source>{field} is not a valid regular expression</source>
        <translation>{field} 不是有效的正则表达式</translation>
    </message>
    <message>
        <source>must be {what}, not {found}</source>
        <translation>必须是{what}，而不是{found}</translation>
    </message>
    <message>
        <source>must be true or false, not {value!r}</source>
        <translation>必须是 true 或 false，而不是 {value!r}</translation>
    </message>
    <message>
        <source>is text but not JSON</source>
        <translation>是文本，但不是 JSON</translation>
    </message>
    <message>
        <source>must be {what}</source>
        <translation>必须是{what}</translation>
    </message>
    <message>
        <source>must be true or false</source>
        <translation>必须是 true 或 false</translation>
    </message>
    <message>
        <source>is not an object of name: value pairs</source>
        <translation>不是由“名称: 值”组成的对象</translation>
    </message>
    <message>
        <source>holds a line break (CR or LF)</source>
        <translation>含有换行符（CR 或 LF）</translation>
    </message>
    <message>
        <source>{name!r} holds a line break (CR or LF)</source>
        <translation>{name!r} 含有换行符（CR 或 LF）</translation>
    </message>
    <message>
        <source>not valid JSON ({error})</source>
        <translation>不是有效的 JSON（{error}）</translation>
    </message>
    <message>
        <source>not a JSON object</source>
        <translation>不是 JSON 对象</translation>
    </message>
    <message>
        <source>not a Legado or so-novel source</source>
        <translation>不是阅读或 so-novel 书源</translation>
    </message>
    <message>
        <source>unreadable ({error})</source>
        <translation>无法读取（{error}）</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>a rule (text)</source>
        <translation>规则（文本）</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>布尔值（true/false）</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>not a CSS selector jsoup would accept ({error})</source>
        <translation>不是 jsoup 能接受的 CSS 选择器（{error}）</translation>
    </message>
    <message>
        <source>not a valid XPath ({error})</source>
        <translation>不是有效的 XPath（{error}）</translation>
    </message>
    <message>
        <source>not a JSONPath this engine reads ({error})</source>
        <translation>不是本引擎能读的 JSONPath（{error}）</translation>
    </message>
    <message>
        <source>needs a name after the dot</source>
        <translation>点号后面缺少名称</translation>
    </message>
    <message>
        <source>an @CSS: text rule must end with @text, @html or @attribute</source>
        <translation>@CSS: 文本规则必须以 @text、@html 或 @属性名结尾</translation>
    </message>
    <message>
        <source>has an unclosed &apos;{char}&apos;</source>
        <translation>有未闭合的 &apos;{char}&apos;</translation>
    </message>
    <message>
        <source>an @CSS: rule has an empty part (a stray {stray}): Legado fails</source>
        <translation>@CSS: 规则中有空的部分（多余的 {stray}）：阅读也会出错</translation>
    </message>
    <message>
        <source>not a rule file: {problem}</source>
        <translation>不是规则文件：{problem}</translation>
    </message>
    <message>
        <source>not a rule file: {origin}: {problem}</source>
        <translation>不是规则文件：{origin}：{problem}</translation>
    </message>
    <message>
        <source>{count:,} characters (the limit is {limit:,})</source>
        <translation>{count:,} 个字符（上限为 {limit:,}）</translation>
    </message>
    <message>
        <source>the text is not JSON ({error})</source>
        <translation>文本不是 JSON（{error}）</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>文件为空</translation>
    </message>
    <message>
        <source>no Legado or so-novel source in it</source>
        <translation>其中没有阅读或 so-novel 书源</translation>
    </message>
    <message>
        <source>line {line}, at &apos;{snippet}&apos;</source>
        <translation>第 {line} 行，&apos;{snippet}&apos; 处</translation>
    </message>
    <message>
        <source>line {line}: &apos;{token}&apos; is missing</source>
        <translation>第 {line} 行：缺少 &apos;{token}&apos;</translation>
    </message>
    <message>
        <source>it does not compile</source>
        <translation>无法编译</translation>
    </message>
    <message>
        <source>catalog</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>{count} chapters</source>
        <translation>{count} 章</translation>
    </message>
    <message>
        <source>the catalog is empty</source>
        <translation>目录为空</translation>
    </message>
    <message>
        <source>chapter 1 ({title})</source>
        <translation>第 1 章（{title}）</translation>
    </message>
    <message>
        <source>{count} characters</source>
        <translation>{count} 字</translation>
    </message>
    <message>
        <source>no answer within {seconds:g} s</source>
        <translation>{seconds:g} 秒内无响应</translation>
    </message>
</context>
<context>
    <name>CrashReporter</name>
    <message>
        <source>Something went wrong inside NovelFetch. The window keeps working.</source>
        <translation>NovelFetch 内部出错了，窗口仍可继续使用。</translation>
    </message>
    <message>
        <source>The details are saved in %1.</source>
        <translation>详细信息已保存到 %1。</translation>
    </message>
    <message>
        <source>NovelFetch — unexpected error</source>
        <translation>NovelFetch — 意外错误</translation>
    </message>
</context>
<context>
    <name>DownloadsPage</name>
    <message>
        <source>Downloads summary</source>
        <translation>下载概况</translation>
    </message>
    <message>
        <source>Remove finished</source>
        <translation>移除已结束</translation>
    </message>
    <message>
        <source>Remove finished downloads</source>
        <translation>移除已结束的下载</translation>
    </message>
    <message>
        <source>Nothing queued. “Add to queue” on the Book page queues the loaded book.</source>
        <translation>下载队列为空。在“书籍”页点击“加入队列”即可把载入的书加入队列。</translation>
    </message>
    <message>
        <source>No downloads</source>
        <translation>没有下载</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n 个进行中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paused</source>
        <translation>
            <numerusform>%n 个已暂停</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n 个等待中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished</source>
        <translation>
            <numerusform>%n 个已结束</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export as</source>
        <translation>导出为</translation>
    </message>
    <message>
        <source>Book to export</source>
        <translation>要导出的书</translation>
    </message>
    <message>
        <source>Written from the chapters already stored; nothing is fetched.</source>
        <translation>用已保存的章节写出，不联网获取。</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>导出格式</translation>
    </message>
    <message>
        <source>Export folder</source>
        <translation>导出文件夹</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose the export folder</source>
        <translation>选择导出文件夹</translation>
    </message>
    <message>
        <source>&amp;Format</source>
        <translation>格式(&amp;F)</translation>
    </message>
    <message>
        <source>F&amp;older</source>
        <translation>文件夹(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export the book</source>
        <translation>导出这本书</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
</context>
<context>
    <name>JobController</name>
    <message>
        <source>Enter a book ID or paste a book address.</source>
        <extracomment>The book file would hold fewer chapters than the one it replaces: ask first (message). Every source the window can use; the only way it reaches one. The window&apos;s chapter store, opened on first use. Chapters of the plan the source refused for payment (now or, same cookie, before). The job fetching chapters right now, if any (pause/resume act on it).</extracomment>
        <translation>请输入书籍 ID，或粘贴书籍网址。</translation>
    </message>
    <message>
        <source>Loading %1 from %2…</source>
        <translation>正在从 %2 载入 %1…</translation>
    </message>
    <message>
        <source>No cover: %1</source>
        <translation>没有封面：%1</translation>
    </message>
    <message numerus="yes">
        <source>%Ln chapter(s)</source>
        <translation>
            <numerusform>%Ln 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already stored</source>
        <translation>
            <numerusform>已保存 %Ln 章</numerusform>
        </translation>
    </message>
    <message>
        <source>an unknown author</source>
        <translation>佚名</translation>
    </message>
    <message>
        <source>Loaded %1 by %2: %3, %4</source>
        <translation>已载入《%1》（%2）：%3，%4</translation>
    </message>
    <message>
        <source>No chapters chosen: widen the range first.</source>
        <translation>没有选中任何章节：请先扩大章节范围。</translation>
    </message>
    <message>
        <source>Cannot use that folder: %1</source>
        <translation>无法使用该文件夹：%1</translation>
    </message>
    <message>
        <source>Downloading %1 (%2), %3 at a time</source>
        <translation>开始下载 %1（%2），同时下载 %3 章</translation>
    </message>
    <message>
        <source>Cancelled. Every chapter fetched so far is kept; Start fetches only the rest.</source>
        <translation>已取消。已获取的章节都会保留；点“开始”只下载其余章节。</translation>
    </message>
    <message>
        <source>The download stopped: %1</source>
        <translation>下载已停止：%1</translation>
    </message>
    <message>
        <source>Paused; requests already under way finish first.</source>
        <translation>已暂停；正在进行的请求会先完成。</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>已继续。</translation>
    </message>
    <message>
        <source>Chapter %1 “%2” failed: %3</source>
        <translation>第 %1 章“%2”失败：%3</translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message>
        <source>Download job</source>
        <translation>下载任务</translation>
    </message>
    <message>
        <source>Book</source>
        <translation>书籍</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>书源</translation>
    </message>
    <message>
        <source>Job progress</source>
        <translation>任务进度</translation>
    </message>
    <message>
        <source>Job state</source>
        <translation>任务状态</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause or resume this job</source>
        <translation>暂停或继续此任务</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel this job</source>
        <translation>取消此任务</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Queue this job again</source>
        <translation>重新加入队列</translation>
    </message>
    <message>
        <source>Replace anyway</source>
        <translation>仍然替换</translation>
    </message>
    <message>
        <source>Replace the bigger book file anyway</source>
        <translation>仍然替换章节更多的电子书文件</translation>
    </message>
    <message>
        <source>Open book</source>
        <translation>打开电子书</translation>
    </message>
    <message>
        <source>Open the book</source>
        <translation>打开电子书</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Show the book in its folder</source>
        <translation>在所在文件夹中显示电子书</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove this job from the list</source>
        <translation>从列表中移除此任务</translation>
    </message>
    <message>
        <source>Update: %1</source>
        <translation>更新：%1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Waiting for its turn</source>
        <translation>排队等待中</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>Loading the book…</source>
        <translation>正在载入书籍…</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Cancelled; the chapters fetched so far are kept</source>
        <translation>已取消；已获取的章节都已保留</translation>
    </message>
    <message>
        <source>Not written: the book file there holds more chapters than this download would. “Replace anyway” replaces it.</source>
        <translation>未写入：该位置的电子书文件比这次下载的章节更多。点击“仍然替换”可替换它。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Nothing new: the book file was left as it was</source>
        <translation>没有新内容：电子书文件保持原样</translation>
    </message>
    <message numerus="yes">
        <source>Done: %n chapter(s) written</source>
        <translation>
            <numerusform>完成：已写入 %n 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n 章失败</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paid, not fetched</source>
        <translation>
            <numerusform>%n 章付费，未获取</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to fetch</source>
        <translation>无需获取</translation>
    </message>
    <message>
        <source>%v / %m chapters</source>
        <translation>%v / %m 章</translation>
    </message>
</context>
<context>
    <name>LibraryController</name>
    <message>
        <source>A check or update is running: wait for it or stop it.</source>
        <extracomment>Library covers are shown at this size (decoded at twice it, sharp at 200 %). An export would replace a book file holding more chapters: entry, BookTarget, why. The window&apos;s politeness gates: a check and a download on one source share one. The book being downloaded elsewhere in the window (never updated at the same time).</extracomment>
        <translation>正在检查或更新：请等待完成或先停止。</translation>
    </message>
    <message>
        <source>The library is empty: every book you download joins it.</source>
        <translation>书架是空的：下载过的书都会放到这里。</translation>
    </message>
    <message>
        <source>%1 is being downloaded on the Book page: update it once that has finished.</source>
        <translation>《%1》正在“书籍”页下载：下载完成后再更新它。</translation>
    </message>
    <message>
        <source>%1: not checked: %2</source>
        <translation>%1：未能检查：%2</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n chapter(s) to fetch</source>
        <translation>
            <numerusform>%1：待获取 %n 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n new chapter(s) fetched</source>
        <translation>
            <numerusform>%1：已获取 %n 个新章节</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot export %1: %2</source>
        <translation>无法导出 %1：%2</translation>
    </message>
    <message>
        <source>Exported %1 to %2</source>
        <translation>已将 %1 导出到 %2</translation>
    </message>
    <message>
        <source>Removed %1 from the library</source>
        <translation>已将 %1 从书架移除</translation>
    </message>
</context>
<context>
    <name>LibraryHome</name>
    <message>
        <source>The replacement rules cannot be used: %1</source>
        <extracomment>The last book, to re-open when the Book page is first shown empty.</extracomment>
        <translation>无法使用替换规则：%1</translation>
    </message>
</context>
<context>
    <name>LibraryPage</name>
    <message>
        <source>Filter by title or author</source>
        <extracomment>What this session&apos;s check or update said of each book (shown in the status column).</extracomment>
        <translation>按书名或作者筛选</translation>
    </message>
    <message>
        <source>Filter the library</source>
        <translation>筛选书架</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Last updated</source>
        <translation>最近更新</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <source>Sort the library by</source>
        <translation>书架排序方式</translation>
    </message>
    <message>
        <source>&amp;Sort by</source>
        <translation>排序(&amp;S)</translation>
    </message>
    <message>
        <source>Check all for updates</source>
        <translation>全部检查更新</translation>
    </message>
    <message>
        <source>Check every book for updates</source>
        <translation>检查每本书的更新</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>书源</translation>
    </message>
    <message>
        <source>Chapters</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新章节</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Books in the library</source>
        <translation>书架上的书</translation>
    </message>
    <message>
        <source>The library is empty. Every book you download is added here; find one on the Search page, or type its ID on the Book page.</source>
        <translation>书架是空的。下载过的书都会放到这里；可以在“搜索”页找书，或在“书籍”页输入书号。</translation>
    </message>
    <message>
        <source>The library is empty</source>
        <translation>书架是空的</translation>
    </message>
    <message>
        <source>%v of %m</source>
        <translation>%v / %m</translation>
    </message>
    <message>
        <source>Books checked</source>
        <translation>已检查的书</translation>
    </message>
    <message>
        <source>Library status</source>
        <translation>书架状态</translation>
    </message>
    <message>
        <source>&amp;Open book</source>
        <translation>打开书籍(&amp;O)</translation>
    </message>
    <message>
        <source>Open the book &amp;file</source>
        <translation>打开电子书文件(&amp;F)</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Check for updates</source>
        <translation>检查更新(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Update</source>
        <translation>更新(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Export as…</source>
        <translation>导出为(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>移除(&amp;R)…</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>LibraryTexts</name>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Updating…</source>
        <translation>正在更新…</translation>
    </message>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>新 %n 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) no longer listed by the source, kept</source>
        <translation>
            <numerusform>%n 章已不在书源目录中，仍保留</numerusform>
        </translation>
    </message>
    <message>
        <source>Checked %1</source>
        <translation>检查于 %1</translation>
    </message>
    <message numerus="yes">
        <source>Checking for updates: %1 of %n book(s)…</source>
        <translation>
            <numerusform>正在检查更新：第 %1 本，共 %n 本…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updating: %1 of %n book(s)…</source>
        <translation>
            <numerusform>正在更新：第 %1 本，共 %n 本…</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) failed</source>
        <translation>
            <numerusform>%n 章失败</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fetched</source>
        <translation>
            <numerusform>已获取 %n 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to fetch</source>
        <translation>
            <numerusform>待获取 %n 章</numerusform>
        </translation>
    </message>
    <message>
        <source>Up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <source>not rewritten: %1</source>
        <translation>未重写：%1</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未改动</translation>
    </message>
    <message numerus="yes">
        <source>rewritten with %n chapter(s)</source>
        <translation>
            <numerusform>已重写，共 %n 章</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n book(s); %1 with new chapters.</source>
        <translation>
            <numerusform>已检查 %n 本书，其中 %1 本有新章节。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updated %n book(s).</source>
        <translation>
            <numerusform>已更新 %n 本书。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n 本失败</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing changed: %1 already holds these chapters.</source>
        <translation>没有变化：%1 已包含这些章节。</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Removed %1 from the library.</source>
        <translation>已将 %1 从书架移除。</translation>
    </message>
    <message>
        <source>Remove from the library</source>
        <translation>从书架移除</translation>
    </message>
    <message numerus="yes">
        <source>Forget “%1” and its %n stored chapter(s)? Book files already written stay where they are.</source>
        <translation>
            <numerusform>要移除《%1》及已保存的 %n 章吗？已写出的电子书文件会保留在原处。</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Show or hide the log</source>
        <translation>显示或隐藏日志</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Clear the log</source>
        <translation>清空日志</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Book</source>
        <translation>书籍</translation>
    </message>
    <message>
        <source>Library</source>
        <extracomment>Built-in and imported sources; imported ones are kept in ``data_dir``. Opens files and folders; replaceable on an instance (tests must not launch apps). What the Book page&apos;s buttons do, and how the job shows on it. Books queued for download or update; its jobs share the window&apos;s gates.</extracomment>
        <translation>书架</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>书源</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>A download is running: finish or cancel it first.</source>
        <translation>正在下载：请等它完成，或先取消。</translation>
    </message>
    <message>
        <source>The source %1 is disabled or removed: enable it on the Sources page.</source>
        <translation>书源 %1 已停用或已删除：请在“书源”页启用它。</translation>
    </message>
    <message>
        <source>Choose a folder to save the book in.</source>
        <translation>请选择保存电子书的文件夹。</translation>
    </message>
    <message>
        <source>Cannot write the TXT: %1</source>
        <translation>无法写入 TXT：%1</translation>
    </message>
    <message>
        <source>The replacement rules cannot be used: %1. Untick “Apply replacement rules” to write the book without them.</source>
        <translation>无法使用替换规则：%1。取消勾选“应用替换规则”即可不用规则写出本书。</translation>
    </message>
    <message>
        <source>Settings saved; they apply to the next load or download.</source>
        <translation>设置已保存，将在下次载入或下载时生效。</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About NovelFetch</source>
        <translation>关于 NovelFetch(&amp;A)</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>消息内容</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>关闭消息</translation>
    </message>
</context>
<context>
    <name>MessageDetails</name>
    <message>
        <source>Whole message</source>
        <translation>完整消息</translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Folder to save the book in</source>
        <translation>保存电子书的文件夹</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose output folder</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>Text encoding of the TXT file</source>
        <translation>TXT 文件的文本编码</translation>
    </message>
    <message>
        <source>TXT encoding</source>
        <translation>TXT 编码</translation>
    </message>
    <message>
        <source>&amp;Encoding</source>
        <translation>编码(&amp;E)</translation>
    </message>
    <message>
        <source>Chapters fetched at the same time</source>
        <translation>同时下载的章节数</translation>
    </message>
    <message>
        <source>Concurrent downloads</source>
        <translation>并发下载数</translation>
    </message>
    <message>
        <source>F&amp;ormat</source>
        <translation>格式(&amp;O)</translation>
    </message>
    <message>
        <source>Save &amp;in</source>
        <translation>保存到(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Parallel</source>
        <translation>并发(&amp;P)</translation>
    </message>
    <message>
        <source>Save books in</source>
        <translation>选择保存位置</translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>estimating…</source>
        <translation>正在估算…</translation>
    </message>
    <message>
        <source>under a second left</source>
        <translation>剩余不到 1 秒</translation>
    </message>
    <message>
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>%1 chapters/s · took %2</source>
        <translation>%1 章/秒 · 用时 %2</translation>
    </message>
    <message>
        <source>%1 chapters/s · %2</source>
        <translation>%1 章/秒 · %2</translation>
    </message>
    <message>
        <source>under 0.1 s</source>
        <translation>不到 0.1 秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>Start download</source>
        <translation>开始下载</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>加入队列</translation>
    </message>
    <message>
        <source>Add the book to the download queue</source>
        <translation>将此书加入下载队列</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause or resume</source>
        <translation>暂停或继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancel download</source>
        <translation>取消下载</translation>
    </message>
    <message>
        <source>Download progress</source>
        <translation>下载进度</translation>
    </message>
    <message>
        <source>Download rate and time left</source>
        <translation>下载速度与剩余时间</translation>
    </message>
    <message>
        <source>Failed chapters</source>
        <translation>失败章节</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>重试失败章节</translation>
    </message>
    <message>
        <source>Retry failed chapters</source>
        <translation>重试失败的章节</translation>
    </message>
    <message>
        <source>Requests at once and why</source>
        <translation>同时请求数及原因</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Open book</source>
        <translation>打开电子书</translation>
    </message>
    <message>
        <source>Open the book</source>
        <translation>打开电子书</translation>
    </message>
    <message>
        <source>Show in folder</source>
        <translation>在文件夹中显示</translation>
    </message>
    <message>
        <source>Show the book in its folder</source>
        <translation>在所在文件夹中显示电子书</translation>
    </message>
    <message>
        <source>All chosen chapters are already stored</source>
        <translation>所选章节都已保存</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>%v / %m chapters</source>
        <translation>%v / %m 章</translation>
    </message>
    <message>
        <source>{limit} of {ceiling} at once · the source asked to wait: {seconds} s</source>
        <translation>同时 {limit}/{ceiling} 个请求 · 书源要求等待：{seconds} 秒</translation>
    </message>
    <message>
        <source>{limit} of {ceiling} at once · {reason}</source>
        <translation>同时 {limit}/{ceiling} 个请求 · {reason}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln 章失败</numerusform>
        </translation>
    </message>
    <message>
        <source>No failures</source>
        <translation>没有失败</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
</context>
<context>
    <name>QAbstractFileIconProvider</name>
    <message>
        <source>Folder</source>
        <comment>Match Windows Explorer</comment>
        <translation>文件夹</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>ReplacePrompt</name>
    <message>
        <source>Replace the book?</source>
        <translation>替换这本书？</translation>
    </message>
    <message>
        <source>The book file there holds more chapters than this download would.</source>
        <translation>那里的书文件比这次下载将写出的章节更多。</translation>
    </message>
    <message>
        <source>Replace it anyway? Nothing stored is lost either way.</source>
        <translation>仍要替换吗？无论如何，已保存的章节都不会丢失。</translation>
    </message>
</context>
<context>
    <name>ReplaceRulesDialog</name>
    <message>
        <source>Replacement rules</source>
        <translation>替换规则</translation>
    </message>
    <message>
        <source>Rule</source>
        <extracomment>The saved file could not be read: saving over it would lose the rules in it.</extracomment>
        <translation>规则</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用范围</translation>
    </message>
    <message>
        <source>Saved replacement rules</source>
        <translation>已保存的替换规则</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Add rules from a Legado (替换净化) JSON file</source>
        <translation>从阅读（Legado）的替换净化 JSON 文件添加规则</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Disable</source>
        <translation>停用(&amp;D)</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move do&amp;wn</source>
        <translation>下移(&amp;W)</translation>
    </message>
    <message>
        <source>Import rules</source>
        <translation>导入规则</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Enable or disable rule</source>
        <translation>启用或停用规则</translation>
    </message>
    <message>
        <source>Move rule up</source>
        <translation>上移规则</translation>
    </message>
    <message>
        <source>Move rule down</source>
        <translation>下移规则</translation>
    </message>
    <message>
        <source>Replacement rules message</source>
        <translation>替换规则提示</translation>
    </message>
    <message>
        <source>Rules run from top to bottom as a book is written; each sees the text the ones above it left. Changes are saved at once.</source>
        <translation>写出书籍时，规则从上到下依次执行，每条规则处理上面的规则留下的文本。修改会立即保存。</translation>
    </message>
    <message>
        <source>%1. Fix or delete that file to edit the rules here.</source>
        <translation>%1。请先修正或删除该文件，再在这里编辑规则。</translation>
    </message>
    <message>
        <source>Regex</source>
        <translation>正则</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Book %1</source>
        <translation>书籍 %1</translation>
    </message>
    <message>
        <source>Source %1</source>
        <translation>书源 %1</translation>
    </message>
    <message>
        <source>All books</source>
        <translation>所有书籍</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Enabled “%1”.</source>
        <translation>已启用“%1”。</translation>
    </message>
    <message>
        <source>Disabled “%1”.</source>
        <translation>已停用“%1”。</translation>
    </message>
    <message>
        <source>Removed “%1”.</source>
        <translation>已删除“%1”。</translation>
    </message>
    <message>
        <source>Import replacement rules</source>
        <translation>导入替换规则</translation>
    </message>
    <message>
        <source>JSON files (*.json *.txt)</source>
        <translation>JSON 文件 (*.json *.txt)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n rule(s) from %1.</source>
        <translation>
            <numerusform>已从 %1 导入 %n 条规则。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchController</name>
    <message>
        <source>Type a title or an author to search for.</source>
        <extracomment>The size search-result covers are scaled to (a thumbnail beside the title). Decoded at twice the shown size, so the thumbnail stays sharp on a 200 % screen. The window&apos;s politeness gates: a search and a download on one source share one. How long one source may take to answer a search.</extracomment>
        <translation>请输入要搜索的书名或作者。</translation>
    </message>
    <message>
        <source>No enabled source can search: import one on the Sources page.</source>
        <translation>没有能搜索的已启用书源：请先在“书源”页导入。</translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Title, author, book ID or address</source>
        <extracomment>Sources named one by one in the report; the count says how the rest went.</extracomment>
        <translation>书名、作者、书籍 ID 或网址</translation>
    </message>
    <message>
        <source>Search for</source>
        <translation>搜索内容</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>书名</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>书源</translation>
    </message>
    <message>
        <source>Latest chapter</source>
        <translation>最新章节</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message>
        <source>Open book</source>
        <translation>打开书籍</translation>
    </message>
    <message>
        <source>Open the chosen book</source>
        <translation>打开所选书籍</translation>
    </message>
    <message>
        <source>Search status</source>
        <translation>搜索状态</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>搜索中…</translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>找到 %n 本</numerusform>
        </translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>失败：%1</translation>
    </message>
    <message>
        <source>Nothing found. </source>
        <translation>没有找到结果。</translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 sources: %2 answered, %3 failed, %4 searching. </source>
        <translation>共 %1 个书源：%2 个已回应，%3 个失败，%4 个搜索中。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>NovelFetch settings</source>
        <translation>NovelFetch 设置</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Applies when NovelFetch starts again.</source>
        <translation>重新启动 NovelFetch 后生效。</translation>
    </message>
    <message>
        <source>When the language applies</source>
        <translation>语言何时生效</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Colour scheme</source>
        <translation>配色方案</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Request timeout in seconds</source>
        <translation>请求超时（秒）</translation>
    </message>
    <message>
        <source>Retries per request</source>
        <translation>每个请求的重试次数</translation>
    </message>
    <message>
        <source>Queued downloads that run at once</source>
        <translation>同时进行的队列下载数</translation>
    </message>
    <message>
        <source>Optional, e.g. http://127.0.0.1:8080</source>
        <translation>可选，例如 http://127.0.0.1:8080</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Use the system proxy (HTTP_PROXY, HTTPS_PROXY, NO_PROXY)</source>
        <translation>使用系统代理（HTTP_PROXY、HTTPS_PROXY、NO_PROXY）</translation>
    </message>
    <message>
        <source>Use the system proxy</source>
        <translation>使用系统代理</translation>
    </message>
    <message>
        <source>Baidu API base</source>
        <translation>百度 API 地址</translation>
    </message>
    <message>
        <source>Set by the environment variable %1.</source>
        <translation>已由环境变量 %1 设定。</translation>
    </message>
    <message>
        <source>Leave empty for the default.
%1 overrides it.</source>
        <translation>留空则使用默认值。
环境变量 %1 优先。</translation>
    </message>
    <message>
        <source>Default Chinese script</source>
        <translation>默认简繁转换</translation>
    </message>
    <message>
        <source>Apply the replacement rules to new books</source>
        <translation>对新书应用替换规则</translation>
    </message>
    <message>
        <source>Apply rules by default</source>
        <translation>默认应用替换规则</translation>
    </message>
    <message>
        <source>Edit replacement r&amp;ules…</source>
        <translation>编辑替换规则(&amp;U)…</translation>
    </message>
    <message>
        <source>Edit replacement rules</source>
        <translation>编辑替换规则</translation>
    </message>
    <message>
        <source>Check the library for new chapters at start-up</source>
        <translation>启动时检查书架上的书有无新章节</translation>
    </message>
    <message>
        <source>Check the library at start</source>
        <translation>启动时检查书架</translation>
    </message>
    <message>
        <source>Settings problem</source>
        <translation>设置有误</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Colour &amp;scheme</source>
        <translation>配色(&amp;S)</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>书架</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>外观</translation>
    </message>
    <message>
        <source>Request &amp;timeout</source>
        <translation>请求超时(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Retries</source>
        <translation>重试次数(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Downloads at once</source>
        <translation>同时下载数(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Proxy</source>
        <translation>代理(&amp;P)</translation>
    </message>
    <message>
        <source>Baidu &amp;API base</source>
        <translation>百度 API 地址(&amp;A)</translation>
    </message>
    <message>
        <source>Default Chinese &amp;script</source>
        <translation>默认简繁转换(&amp;S)</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>The proxy must be an address such as http://host:port.</source>
        <translation>代理必须是 http://host:port 这样的地址。</translation>
    </message>
    <message>
        <source>The API base must be an http:// or https:// address.</source>
        <translation>API 地址必须以 http:// 或 https:// 开头。</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Pages</source>
        <translation>页面</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>页面</translation>
    </message>
</context>
<context>
    <name>SourceAccess</name>
    <message>
        <source>May reach the local network</source>
        <translation>可访问局域网</translation>
    </message>
    <message>
        <source>A rule source may connect only to public addresses and its own host. Allow this only for a source of a server you run at home.</source>
        <translation>规则书源只能连接公网地址和它自己的主机。只有在书源指向你自己在家运行的服务器时才允许。</translation>
    </message>
    <message>
        <source>Allow local addresses</source>
        <translation>允许局域网地址</translation>
    </message>
    <message>
        <source>May reach other sites with my cookie</source>
        <translation>持有我的 Cookie 时可访问其他网站</translation>
    </message>
    <message>
        <source>A rule source that holds your cookie may reach only its own site: its scripts could read the cookie, or a page it unlocks, and send either elsewhere. Allow this only for a source you trust.</source>
        <translation>持有你的 Cookie 的规则书源只能访问它自己的网站：它的脚本可能读取 Cookie 或借 Cookie 打开的页面，再发往别处。只对你信任的书源允许此项。</translation>
    </message>
    <message>
        <source>Allow other sites</source>
        <translation>允许访问其他网站</translation>
    </message>
    <message>
        <source>Cookie for this source</source>
        <translation>此书源的 Cookie</translation>
    </message>
    <message>
        <source>Save cookie</source>
        <translation>保存 Cookie</translation>
    </message>
    <message>
        <source>Save the cookie</source>
        <translation>保存 Cookie</translation>
    </message>
    <message>
        <source>Forget cookie</source>
        <translation>清除 Cookie</translation>
    </message>
    <message>
        <source>Forget the cookie</source>
        <translation>清除 Cookie</translation>
    </message>
    <message>
        <source>A cookie is saved; type one to replace it</source>
        <translation>已保存 Cookie；输入新的即可替换</translation>
    </message>
    <message>
        <source>Cookie for its own site only, e.g. k=v; k2=v2</source>
        <translation>只发送给书源自己网站的 Cookie，例如 BDUSS=…</translation>
    </message>
    <message>
        <source>%1 may now reach the local network.</source>
        <translation>%1 现在可以访问局域网。</translation>
    </message>
    <message>
        <source>%1 may reach only public addresses and its own host.</source>
        <translation>%1 只能访问公网地址和它自己的主机。</translation>
    </message>
    <message>
        <source>%1 may now reach other sites while it holds your cookie.</source>
        <translation>%1 现在持有你的 Cookie 时也可访问其他网站。</translation>
    </message>
    <message>
        <source>%1 may reach only its own site while it holds your cookie.</source>
        <translation>%1 持有你的 Cookie 时只能访问它自己的网站。</translation>
    </message>
    <message>
        <source>Cookie saved for %1.</source>
        <translation>已为 %1 保存 Cookie。</translation>
    </message>
    <message>
        <source>Cookie forgotten for %1.</source>
        <translation>已清除 %1 的 Cookie。</translation>
    </message>
</context>
<context>
    <name>SourceNames</name>
    <message>
        <source>Sample (offline)</source>
        <extracomment>What Settings offers: the stored value and the name shown (in its own language).</extracomment>
        <translation>示例（离线）</translation>
    </message>
    <message>
        <source>Baidu 读书 (dushu.baidu.com)</source>
        <translation>百度读书（dushu.baidu.com）</translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message>
        <source>Name</source>
        <extracomment>The import from an address under way, if any (tests and shutdown await it).</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>网址</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>书源</translation>
    </message>
    <message>
        <source>Filter by name, ID or address</source>
        <translation>按名称、ID 或网址筛选</translation>
    </message>
    <message>
        <source>Filter the sources</source>
        <translation>筛选书源</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>导入文件…</translation>
    </message>
    <message>
        <source>Import a rule file</source>
        <translation>导入规则文件</translation>
    </message>
    <message>
        <source>Paste from clipboard</source>
        <translation>从剪贴板粘贴</translation>
    </message>
    <message>
        <source>Import the clipboard</source>
        <translation>导入剪贴板内容</translation>
    </message>
    <message>
        <source>Address of a rule file (https://…)</source>
        <translation>规则文件网址（https://…）</translation>
    </message>
    <message>
        <source>Rule file address</source>
        <translation>规则文件网址</translation>
    </message>
    <message>
        <source>Import from address</source>
        <translation>从网址导入</translation>
    </message>
    <message>
        <source>Import from the address</source>
        <translation>从该网址导入</translation>
    </message>
    <message>
        <source>Words to search for (default: the source&apos;s own)</source>
        <translation>要搜索的文字（默认用书源自带的）</translation>
    </message>
    <message>
        <source>Words the try searches for</source>
        <translation>试用时搜索的文字</translation>
    </message>
    <message>
        <source>Try</source>
        <translation>试用</translation>
    </message>
    <message>
        <source>Try the chosen source</source>
        <translation>试用所选书源</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Enable or disable</source>
        <translation>启用或停用</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the chosen source</source>
        <translation>删除所选书源</translation>
    </message>
    <message>
        <source>What importing and trying sources found</source>
        <translation>导入和试用书源的结果</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>not usable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <source>enabled</source>
        <translation>已启用</translation>
    </message>
    <message>
        <source>, runs JavaScript</source>
        <translation>，运行 JavaScript</translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>, may reach the local network</source>
        <translation>，可访问局域网</translation>
    </message>
    <message>
        <source>Enable</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Rule files (*.json *.txt);;All files (*)</source>
        <translation>规则文件 (*.json *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation>剪贴板</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Imported from %1:</source>
        <translation>从 %1 导入：</translation>
    </message>
    <message>
        <source>Nothing imported from %1:</source>
        <translation>未从 %1 导入任何书源：</translation>
    </message>
    <message>
        <source>  skipped %1: %2</source>
        <translation>  已跳过 %1：%2</translation>
    </message>
    <message>
        <source>  updated %1</source>
        <translation>  已更新 %1</translation>
    </message>
    <message>
        <source>  imported %1</source>
        <translation>  已导入 %1</translation>
    </message>
    <message>
        <source>  imported %1, not usable: %2</source>
        <translation>  已导入 %1，但不可用：%2</translation>
    </message>
    <message>
        <source>  %1: its own address %2 is on your local network; it may go there</source>
        <translation>  %1：它自己的地址 %2 在你的局域网内，它可以访问那里</translation>
    </message>
    <message>
        <source>Sources read: %1 (%2 imported, %3 not usable, %4 skipped)</source>
        <translation>共 %1 个书源（导入 %2 个，不可用 %3 个，跳过 %4 个）</translation>
    </message>
    <message>
        <source>Trying %1…</source>
        <translation>正在试用 %1…</translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation>删除书源</translation>
    </message>
    <message>
        <source>Remove the source %1? Books already stored stay.</source>
        <translation>删除书源 %1？已保存的书籍会保留。</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n sources? Books already stored stay.</source>
        <translation>
            <numerusform>删除这 %n 个书源？已保存的书籍会保留。</numerusform>
        </translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation>已删除 %1</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>  %1  %2: %3</source>
        <translation>  %1  %2：%3</translation>
    </message>
    <message>
        <source>%1 works.</source>
        <translation>%1 可用。</translation>
    </message>
    <message>
        <source>%1 did not work (see the failed step).</source>
        <translation>%1 不可用（见失败的那一步）。</translation>
    </message>
</context>
<context>
    <name>StoreOpener</name>
    <message>
        <source>The chapter store was damaged and has been repaired; its %1 chapters are kept.</source>
        <translation>章节库曾损坏，已就地修复；其中 %1 章全部保留。</translation>
    </message>
    <message>
        <source>The chapter store was damaged and moved to %1; %2 chapters were recovered from it into a fresh one.</source>
        <translation>章节库已损坏，已移到 %1；从中救回 %2 章，存入新建的章节库。</translation>
    </message>
</context>
<context>
    <name>TextChoice</name>
    <message>
        <source>Keep original</source>
        <translation>保持原样</translation>
    </message>
    <message>
        <source>Simplified → Traditional</source>
        <translation>简→繁</translation>
    </message>
    <message>
        <source>Simplified → Traditional (Taiwan)</source>
        <translation>简→繁（台湾）</translation>
    </message>
    <message>
        <source>Simplified → Traditional (Hong Kong)</source>
        <translation>简→繁（香港）</translation>
    </message>
    <message>
        <source>Traditional → Simplified</source>
        <translation>繁→简</translation>
    </message>
</context>
<context>
    <name>TextChoicePanel</name>
    <message>
        <source>Text of this book</source>
        <translation>本书文本</translation>
    </message>
    <message>
        <source>Convert the book between Simplified and Traditional characters</source>
        <translation>在简体字与繁体字之间转换本书</translation>
    </message>
    <message>
        <source>Chinese script</source>
        <translation>简繁转换</translation>
    </message>
    <message>
        <source>&amp;Chinese script</source>
        <translation>简繁转换(&amp;C)</translation>
    </message>
    <message>
        <source>Apply &amp;replacement rules</source>
        <translation>应用替换规则(&amp;R)</translation>
    </message>
    <message>
        <source>Use the replacement rules saved in File ▸ Settings for this book</source>
        <translation>对本书使用在“文件 ▸ 设置”中保存的替换规则</translation>
    </message>
    <message>
        <source>Apply replacement rules</source>
        <translation>应用替换规则</translation>
    </message>
</context>
<context>
    <name>WrittenReport</name>
    <message numerus="yes">
        <source>%Ln chapter(s)</source>
        <translation>
            <numerusform>%Ln 章</numerusform>
        </translation>
    </message>
    <message>
        <source>Fetched %1, %2 failed, %3 were already stored</source>
        <extracomment>A line for the message bar at a level, or for the log only (level ``None``).</extracomment>
        <translation>已获取 %1，失败 %2 章，此前已保存 %3 章</translation>
    </message>
    <message>
        <source>No chapter could be fetched, so no book was written.</source>
        <translation>一个章节也没能获取，因此没有生成电子书。</translation>
    </message>
    <message>
        <source>Nothing changed: %1 already holds these %2.</source>
        <translation>没有变化：%1 已包含这些%2。</translation>
    </message>
    <message>
        <source>Wrote %1 (%2)</source>
        <translation>已写入 %1（%2）</translation>
    </message>
    <message>
        <source>Wrote part of the book (%1) under its own name: %2</source>
        <translation>已将本书的一部分（%1）另存为：%2</translation>
    </message>
    <message>
        <source>Wrote %1 without its paid chapters. %2</source>
        <translation>已写入 %1，但不含付费章节。%2</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 without %Ln chapter(s) that could not be fetched. “Retry failed” fetches them and writes the book again.</source>
        <translation>
            <numerusform>已写入 %1，但缺少 %Ln 个未能获取的章节。点“重试失败章节”可重新获取并再次生成电子书。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 without %2 chapter(s); %n replacement rule(s) were skipped:</source>
        <translation>
            <numerusform>已写出 %1，缺少 %2 章；跳过了 %n 条替换规则：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1, but %n replacement rule(s) were skipped:</source>
        <translation>
            <numerusform>已写出 %1，但跳过了 %n 条替换规则：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paid chapter(s) could not be fetched: they need a purchase on the source, or your browser&apos;s cookie for that source on the Sources page.</source>
        <translation>
            <numerusform>%n 个付费章节无法获取：需要在书源购买，或在“书源”页为该书源填入浏览器的 Cookie。</numerusform>
        </translation>
    </message>
</context>
</TS>

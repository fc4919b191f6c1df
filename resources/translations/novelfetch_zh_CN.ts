<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About NovelFetch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saves offline reading copies of web novels as EPUB or TXT: load a book, choose its chapters, and read them anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free software under the GNU Affero General Public License, version 3 or later (AGPL-3.0-or-later).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChapterPanel</name>
    <message>
        <source>Select &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select from &amp;here to the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download selected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JobController</name>
    <message>
        <source>Wrote %1 without its paid chapters. %2</source>
        <extracomment>Every source the window can use; the only way it reaches one. The job fetching chapters right now, if any (pause/resume act on it).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n paid chapter(s) could not be fetched: they need a purchase on the source, or your browser&apos;s cookie for it in File ▸ Settings.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Book</source>
        <extracomment>Built-in and imported sources; imported ones are kept in ``data_dir``. Opens files and folders; replaceable on an instance (tests must not launch apps).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A download is running: finish or cancel it first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write the TXT: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n paid, not fetched</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled — %1 of %n chosen chapter(s) stored; Start fetches the rest.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OptionsPanel</name>
    <message>
        <source>Text encoding of the TXT file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TXT encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Encoding</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message>
        <source>under 0.1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message>
        <source>Title, author, book ID or address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Author</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest chapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the chosen book</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n found</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing found. </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Page</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import a rule file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste from clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address of a rule file (https://…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule file address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import from the address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the chosen source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable or disable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the chosen source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What importing and trying sources found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not usable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule files (*.json *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported from %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  skipped %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  imported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  imported %1, not usable: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trying %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the source %1? Books already stored stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not work (see the failed step).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>BookHome</name>
    <message numerus="yes">
        <source>%n paid, not fetched</source>
        <translation>
            <numerusform>%n paid, not fetched</numerusform>
            <numerusform>%n paid, not fetched</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Cancelled — %1 of %n chosen chapter(s) stored; Start fetches the rest.</source>
        <translation>
            <numerusform>Cancelled — %1 of %n chosen chapter stored; Start fetches the rest.</numerusform>
            <numerusform>Cancelled — %1 of %n chosen chapters stored; Start fetches the rest.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BookPanel</name>
    <message numerus="yes">
        <source>%Ln chapter(s)</source>
        <translation>
            <numerusform>%Ln chapter</numerusform>
            <numerusform>%Ln chapters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already stored</source>
        <translation>
            <numerusform>%Ln already stored</numerusform>
            <numerusform>%Ln already stored</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln paid</source>
        <translation>
            <numerusform>%Ln paid</numerusform>
            <numerusform>%Ln paid</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ChapterPanel</name>
    <message numerus="yes">
        <source>%Ln chosen</source>
        <translation>
            <numerusform>%Ln chosen</numerusform>
            <numerusform>%Ln chosen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln to download</source>
        <translation>
            <numerusform>%Ln to download</numerusform>
            <numerusform>%Ln to download</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DownloadsPage</name>
    <message numerus="yes">
        <source>%n running</source>
        <translation>
            <numerusform>%n running</numerusform>
            <numerusform>%n running</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paused</source>
        <translation>
            <numerusform>%n paused</numerusform>
            <numerusform>%n paused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n finished</source>
        <translation>
            <numerusform>%n finished</numerusform>
            <numerusform>%n finished</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobController</name>
    <message numerus="yes">
        <source>%Ln chapter(s)</source>
        <translation>
            <numerusform>%Ln chapter</numerusform>
            <numerusform>%Ln chapters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already stored</source>
        <translation>
            <numerusform>%Ln already stored</numerusform>
            <numerusform>%Ln already stored</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>JobRow</name>
    <message numerus="yes">
        <source>Done: %n chapter(s) written</source>
        <translation>
            <numerusform>Done: %n chapter written</numerusform>
            <numerusform>Done: %n chapters written</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paid, not fetched</source>
        <translation>
            <numerusform>%n paid, not fetched</numerusform>
            <numerusform>%n paid, not fetched</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryController</name>
    <message numerus="yes">
        <source>%1: %n chapter(s) to fetch</source>
        <translation>
            <numerusform>%1: %n chapter to fetch</numerusform>
            <numerusform>%1: %n chapters to fetch</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %n new chapter(s) fetched</source>
        <translation>
            <numerusform>%1: %n new chapter fetched</numerusform>
            <numerusform>%1: %n new chapters fetched</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LibraryTexts</name>
    <message numerus="yes">
        <source>%n new</source>
        <translation>
            <numerusform>%n new</numerusform>
            <numerusform>%n new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) no longer listed by the source, kept</source>
        <translation>
            <numerusform>%n chapter no longer listed by the source, kept</numerusform>
            <numerusform>%n chapters no longer listed by the source, kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checking for updates: %1 of %n book(s)…</source>
        <translation>
            <numerusform>Checking for updates: %1 of %n book…</numerusform>
            <numerusform>Checking for updates: %1 of %n books…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updating: %1 of %n book(s)…</source>
        <translation>
            <numerusform>Updating: %1 of %n book…</numerusform>
            <numerusform>Updating: %1 of %n books…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n chapter(s) failed</source>
        <translation>
            <numerusform>%n chapter failed</numerusform>
            <numerusform>%n chapters failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n fetched</source>
        <translation>
            <numerusform>%n fetched</numerusform>
            <numerusform>%n fetched</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to fetch</source>
        <translation>
            <numerusform>%n to fetch</numerusform>
            <numerusform>%n to fetch</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>rewritten with %n chapter(s)</source>
        <translation>
            <numerusform>rewritten with %n chapter</numerusform>
            <numerusform>rewritten with %n chapters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Checked %n book(s); %1 with new chapters.</source>
        <translation>
            <numerusform>Checked %n book; %1 with new chapters.</numerusform>
            <numerusform>Checked %n books; %1 with new chapters.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Updated %n book(s).</source>
        <translation>
            <numerusform>Updated %n book.</numerusform>
            <numerusform>Updated %n books.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n failed</numerusform>
            <numerusform>%n failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Forget “%1” and its %n stored chapter(s)? Book files already written stay where they are.</source>
        <translation>
            <numerusform>Forget “%1” and its %n stored chapter? Book files already written stay where they are.</numerusform>
            <numerusform>Forget “%1” and its %n stored chapters? Book files already written stay where they are.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProgressPanel</name>
    <message numerus="yes">
        <source>%Ln failed</source>
        <translation>
            <numerusform>%Ln failed</numerusform>
            <numerusform>%Ln failed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReplaceRulesDialog</name>
    <message numerus="yes">
        <source>Imported %n rule(s) from %1.</source>
        <translation>
            <numerusform>Imported %n rule from %1.</numerusform>
            <numerusform>Imported %n rules from %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SearchPage</name>
    <message numerus="yes">
        <source>%n found</source>
        <translation>
            <numerusform>%n found</numerusform>
            <numerusform>%n found</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more</source>
        <translation>
            <numerusform>%n more</numerusform>
            <numerusform>%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SourcesPage</name>
    <message numerus="yes">
        <source>Remove %n sources? Books already stored stay.</source>
        <translation>
            <numerusform>Remove %n source? Books already stored stay.</numerusform>
            <numerusform>Remove %n sources? Books already stored stay.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WrittenReport</name>
    <message numerus="yes">
        <source>%Ln chapter(s)</source>
        <translation>
            <numerusform>%Ln chapter</numerusform>
            <numerusform>%Ln chapters</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 without %Ln chapter(s) that could not be fetched. “Retry failed” fetches them and writes the book again.</source>
        <translation>
            <numerusform>Wrote %1 without %Ln chapter that could not be fetched. “Retry failed” fetches it and writes the book again.</numerusform>
            <numerusform>Wrote %1 without %Ln chapters that could not be fetched. “Retry failed” fetches them and writes the book again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1 without %2 chapter(s); %n replacement rule(s) were skipped:</source>
        <translation>
            <numerusform>Wrote %1 without %2 chapter(s); %n replacement rule was skipped:</numerusform>
            <numerusform>Wrote %1 without %2 chapter(s); %n replacement rules were skipped:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %1, but %n replacement rule(s) were skipped:</source>
        <translation>
            <numerusform>Wrote %1, but %n replacement rule was skipped:</numerusform>
            <numerusform>Wrote %1, but %n replacement rules were skipped:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n paid chapter(s) could not be fetched: they need a purchase on the source, or your browser&apos;s cookie for that source on the Sources page.</source>
        <translation>
            <numerusform>%n paid chapter could not be fetched: it needs a purchase on the source, or your browser&apos;s cookie for that source on the Sources page.</numerusform>
            <numerusform>%n paid chapters could not be fetched: they need a purchase on the source, or your browser&apos;s cookie for that source on the Sources page.</numerusform>
        </translation>
    </message>
</context>
</TS>

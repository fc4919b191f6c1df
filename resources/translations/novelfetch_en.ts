<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
        <source>%n paid chapter(s) could not be fetched: they need a purchase on the source, or your browser&apos;s cookie for it in File ▸ Settings.</source>
        <translation>
            <numerusform>%n paid chapter could not be fetched: it needs a purchase on the source, or your browser&apos;s cookie for it in File ▸ Settings.</numerusform>
            <numerusform>%n paid chapters could not be fetched: they need a purchase on the source, or your browser&apos;s cookie for it in File ▸ Settings.</numerusform>
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
    <name>MainWindow</name>
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
</context>
</TS>

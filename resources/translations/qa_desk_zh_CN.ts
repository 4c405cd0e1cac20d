<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CallReviewPanel</name>
    <message>
        <source>Call review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overall comment on this call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save call comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CallView</name>
    <message>
        <source>There is no call {0} in the database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} turns, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording not found ({0}): replaying the transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio unavailable: replaying the transcript</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recording: transcript clock, estimated times</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recording: transcript clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason to reopen a signed evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reopen evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why reopen this signed evaluation? The reason is kept in its history.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason to reject the verdict.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a reason to override the points.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ItemReviewPanel</name>
    <message>
        <source>Needed to reject a verdict or override points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for the agent or the next reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reject verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Override points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a rule in the scorecard to review it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic verdict: {0}, {1:g} of {2:g} points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scorer&apos;s note: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmed by the reviewer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict rejected: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points overridden to {0:g}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>QA Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — demo database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exams</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{} is not available in this version yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import transcripts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} calls · {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies after a restart.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScorecardPanel</name>
    <message>
        <source>Auto score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewed score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Points</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This call has not been scored yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (fatal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed by {0} at {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last reviewed by {0} at {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scored automatically with pack {0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> ⚑ fatal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pass</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N/A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} (was {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} ✓</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Printed at the top of every report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Built-in default pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reviewer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule pack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rule packs (*.yaml *.yml)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TranscriptPane</name>
    <message>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>Skip silence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Jump over silences longer than 2 seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

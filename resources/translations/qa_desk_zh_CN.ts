<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuditPage</name>
    <message>
        <source>Anyone</source>
        <translation>任何人</translation>
    </message>
    <message>
        <source>Any action (prefix)</source>
        <translation>任意操作（前缀）</translation>
    </message>
    <message>
        <source>e.g. evaluation:12</source>
        <translation>例如 evaluation:12</translation>
    </message>
    <message>
        <source>Reason, names, before/after…</source>
        <translation>原因、姓名、修改前后…</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Entity</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Load more</source>
        <translation>加载更多</translation>
    </message>
    <message>
        <source>Verify chain</source>
        <translation>校验日志链</translation>
    </message>
    <message>
        <source>any day</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起始日期</translation>
    </message>
    <message>
        <source>To</source>
        <translation>截止日期</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>关键字</translation>
    </message>
    <message>
        <source>Before → after</source>
        <translation>修改前 → 修改后</translation>
    </message>
    <message>
        <source>{0} entries shown, more below</source>
        <translation>已显示 {0} 条，还有更多</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>共 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>No before or after recorded.</source>
        <translation>未记录修改前后的内容。</translation>
    </message>
    <message>
        <source>Checking every row…</source>
        <translation>正在逐行校验…</translation>
    </message>
    <message numerus="yes">
        <source>Chain OK: %n rows verified</source>
        <translation>
            <numerusform>日志链完好：已校验 %n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>it was changed after it was written</source>
        <translation>写入后被修改过</translation>
    </message>
    <message>
        <source>it does not follow the row before it (a row was deleted or inserted)</source>
        <translation>与上一行接不上（有行被删除或插入）</translation>
    </message>
    <message>
        <source>Chain BROKEN at row {0}: {1}</source>
        <translation>日志链在第 {0} 行断开：{1}</translation>
    </message>
</context>
<context>
    <name>CallReviewPanel</name>
    <message>
        <source>Call review</source>
        <translation>整通复核</translation>
    </message>
    <message>
        <source>Overall comment on this call</source>
        <translation>对整通电话的总体评语</translation>
    </message>
    <message>
        <source>Save call comment</source>
        <translation>保存评语</translation>
    </message>
    <message>
        <source>Sign off</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新打开…</translation>
    </message>
    <message>
        <source>Overall comment</source>
        <translation>总体评语</translation>
    </message>
    <message>
        <source>No overall comment</source>
        <translation>无总体评语</translation>
    </message>
</context>
<context>
    <name>CallView</name>
    <message>
        <source>Review</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Disputes</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评分项</translation>
    </message>
    <message>
        <source>Not shown: {0}</source>
        <translation>不予显示：{0}</translation>
    </message>
    <message>
        <source>There is no call {0} in the database.</source>
        <translation>数据库中没有通话 {0}。</translation>
    </message>
    <message>
        <source>Disputes on this evaluation waiting for a ruling: {0}.</source>
        <translation>本评分有待裁决的申诉：{0} 条。</translation>
    </message>
    <message>
        <source>Disputes ({0} open)</source>
        <translation>申诉（{0} 条待裁决）</translation>
    </message>
    <message>
        <source>Disputes ({0})</source>
        <translation>申诉（{0}）</translation>
    </message>
    <message>
        <source>History ({0})</source>
        <translation>历史（{0}）</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>{0} turns, {1}</source>
        <translation>{0} 轮对话，{1}</translation>
    </message>
    <message>
        <source>Recording not found ({0}): replaying the transcript</source>
        <translation>找不到录音（{0}）：按转写回放</translation>
    </message>
    <message>
        <source>Audio unavailable: replaying the transcript</source>
        <translation>音频不可用：按转写回放</translation>
    </message>
    <message>
        <source>Recording</source>
        <translation>录音</translation>
    </message>
    <message>
        <source>No recording: transcript clock, estimated times</source>
        <translation>无录音：按转写计时（时间为估算）</translation>
    </message>
    <message>
        <source>No recording: transcript clock</source>
        <translation>无录音：按转写计时</translation>
    </message>
    <message>
        <source>Reopen evaluation</source>
        <translation>重新打开评分</translation>
    </message>
    <message>
        <source>Why reopen this signed evaluation? The reason is kept in its history.</source>
        <translation>为什么重新打开这份已签发的评分？理由会记入历史。</translation>
    </message>
    <message>
        <source>Dispute this item</source>
        <translation>申诉此项</translation>
    </message>
    <message>
        <source>Why is the verdict on “{0}” wrong? A supervisor other than the one who signed will rule on it.</source>
        <translation>“{0}”的判定为什么不对？将由签发人以外的另一位主管裁决。</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话数</translation>
    </message>
    <message>
        <source>Average score</source>
        <translation>平均得分</translation>
    </message>
    <message>
        <source>Fatal</source>
        <translation>一票否决</translation>
    </message>
    <message>
        <source>Average score by day</source>
        <translation>每日平均得分</translation>
    </message>
    <message>
        <source>Failure rate by rule</source>
        <translation>各规则不合格率</translation>
    </message>
    <message>
        <source>Agent ranking</source>
        <translation>坐席排名</translation>
    </message>
    <message>
        <source>Exam pass rate</source>
        <translation>考试通过率</translation>
    </message>
    <message>
        <source>Reading figures…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>{0} days, {1} rules, {2} agents, {3} exams</source>
        <translation>{0} 天，{1} 条规则，{2} 名坐席，{3} 场考试</translation>
    </message>
    <message>
        <source>Pass rate</source>
        <translation>通过率</translation>
    </message>
    <message>
        <source>{0} (attempts: {1})</source>
        <translation>{0}（{1} 人次）</translation>
    </message>
    <message>
        <source>No exam submitted in this period</source>
        <translation>本期间无已提交的考试</translation>
    </message>
    <message>
        <source>Failure rate</source>
        <translation>不合格率</translation>
    </message>
</context>
<context>
    <name>DisputePanel</name>
    <message>
        <source>No disputes on this evaluation.</source>
        <translation>本评分没有申诉。</translation>
    </message>
    <message>
        <source>Your ruling and its reasons, for the agent (kept in the history)</source>
        <translation>裁决及理由，写给坐席（记入历史）</translation>
    </message>
    <message>
        <source>Full points reverse the verdict.</source>
        <translation>给满分即改判为合格。</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>申诉成立</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Ruling</source>
        <translation>裁决</translation>
    </message>
    <message>
        <source>Points if accepted</source>
        <translation>成立后得分</translation>
    </message>
    <message>
        <source>{0} — {1}
{2}, {3}</source>
        <translation>{0} — {1}
{2}，{3}</translation>
    </message>
    <message>
        <source>waiting for a ruling</source>
        <translation>待裁决</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>申诉成立</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Disputed by {0} (agent {1}) on {2}:</source>
        <translation>{0}（工号 {1}）于 {2} 申诉：</translation>
    </message>
    <message>
        <source>Accepted by {0} on {1}:</source>
        <translation>{0} 于 {1} 裁决申诉成立：</translation>
    </message>
    <message>
        <source>Rejected by {0} on {1} (final):</source>
        <translation>{0} 于 {1} 驳回（终局裁决）：</translation>
    </message>
    <message>
        <source>The item now has {0:g} points; evaluation version {1}.</source>
        <translation>该项现为 {0:g} 分；评分版本 {1}。</translation>
    </message>
</context>
<context>
    <name>DisputeSession</name>
    <message>
        <source>Only a signed evaluation can be disputed.</source>
        <translation>只有已签发的评分才能申诉。</translation>
    </message>
    <message>
        <source>No points were taken off this item.</source>
        <translation>此项未扣分。</translation>
    </message>
    <message>
        <source>The dispute window closed on {0}.</source>
        <translation>申诉期已于 {0} 结束。</translation>
    </message>
    <message>
        <source>You may dispute it until {0}.</source>
        <translation>可在 {0} 前申诉。</translation>
    </message>
    <message>
        <source>Give a reason for the dispute.</source>
        <translation>请填写申诉理由。</translation>
    </message>
    <message>
        <source>Dispute sent. A supervisor other than the one who signed will rule on it.</source>
        <translation>申诉已提交，将由签发人以外的另一位主管裁决。</translation>
    </message>
    <message>
        <source>Write the ruling and its reasons for the agent.</source>
        <translation>请写明裁决及理由，供坐席查看。</translation>
    </message>
    <message>
        <source>Dispute accepted: the evaluation is signed again.</source>
        <translation>申诉成立：评分已重新签发。</translation>
    </message>
    <message>
        <source>Dispute rejected.</source>
        <translation>申诉已驳回。</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
</context>
<context>
    <name>ExamDialog</name>
    <message>
        <source>New exam</source>
        <translation>新建考试</translation>
    </message>
    <message>
        <source>a short unique name, e.g. 2026-12-入职考试</source>
        <translation>简短且唯一的名称，例如 2026-12-入职考试</translation>
    </message>
    <message>
        <source>every question in the bank</source>
        <translation>题库全部题目</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限时</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限次数</translation>
    </message>
    <message>
        <source>All or nothing (少选不得分)</source>
        <translation>全对才得分（少选不得分）</translation>
    </message>
    <message>
        <source>Partial credit, any wrong pick scores 0</source>
        <translation>按比例得分，选错一项得 0 分</translation>
    </message>
    <message>
        <source>Half marks for a correct subset</source>
        <translation>少选且无错得一半分</translation>
    </message>
    <message>
        <source>Shuffle questions</source>
        <translation>打乱题目顺序</translation>
    </message>
    <message>
        <source>Shuffle options</source>
        <translation>打乱选项顺序</translation>
    </message>
    <message>
        <source>Marks after submitting; answers and explanations after closing</source>
        <translation>交卷后显示分数；考试关闭后显示答案和解析</translation>
    </message>
    <message>
        <source>Marks at once; answers and explanations two minutes later</source>
        <translation>交卷即显示分数；两分钟后显示答案和解析</translation>
    </message>
    <message>
        <source>Marks, answers and explanations at once (practice)</source>
        <translation>交卷即显示分数、答案和解析（练习）</translation>
    </message>
    <message>
        <source>Marks only, never the answers</source>
        <translation>只显示分数，不显示答案</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Question bank</source>
        <translation>题库</translation>
    </message>
    <message>
        <source>Questions per candidate</source>
        <translation>每人题数</translation>
    </message>
    <message>
        <source>Or draw by topic</source>
        <translation>或按知识点抽题</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Attempts allowed</source>
        <translation>允许次数</translation>
    </message>
    <message>
        <source>Pass mark</source>
        <translation>及格线</translation>
    </message>
    <message>
        <source>Multiple choice</source>
        <translation>多选题</translation>
    </message>
    <message>
        <source>Candidates see</source>
        <translation>考生可见</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>知识点</translation>
    </message>
    <message>
        <source>Difficulty</source>
        <translation>难度</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>题数</translation>
    </message>
    <message>
        <source>In the bank</source>
        <translation>题库现有</translation>
    </message>
    <message>
        <source>Add a draw</source>
        <translation>添加抽题</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>any</source>
        <translation>不限</translation>
    </message>
</context>
<context>
    <name>ExamsPage</name>
    <message>
        <source>Take an exam</source>
        <translation>参加考试</translation>
    </message>
    <message>
        <source>Grade short answers</source>
        <translation>批改简答题</translation>
    </message>
    <message>
        <source>Results and item analysis</source>
        <translation>成绩与试题分析</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>Practice</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>Banks and exams</source>
        <translation>题库与考试</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export reports</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>{agent} — calls: {count}</source>
        <translation>{agent} — 通话 {count} 通</translation>
    </message>
    <message>
        <source>No agent id</source>
        <translation>无工号</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>From</source>
        <translation>起止日期</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>None</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Mask phone, ID card and bank card numbers</source>
        <translation>隐藏手机号、身份证号和银行卡号</translation>
    </message>
    <message>
        <source>Your role may only export masked numbers.</source>
        <translation>您的角色只能导出已隐藏的号码。</translation>
    </message>
    <message>
        <source>%v of %m files</source>
        <translation>%v / %m 个文件</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>期间：</translation>
    </message>
    <message>
        <source>Agents:</source>
        <translation>坐席：</translation>
    </message>
    <message>
        <source>Save in:</source>
        <translation>保存到：</translation>
    </message>
    <message>
        <source>One folder per agent with each call&apos;s evaluation form and the agent&apos;s period report; the HR workbook at the top.</source>
        <translation>每位坐席一个文件夹，内含每通电话的评估表和该坐席的期间报告；人事工作簿放在最上层。</translation>
    </message>
    <message>
        <source>Choose a folder to save in.</source>
        <translation>请选择保存的文件夹。</translation>
    </message>
    <message>
        <source>Choose at least one agent.</source>
        <translation>请至少选择一位坐席。</translation>
    </message>
    <message>
        <source>The period ends before it starts.</source>
        <translation>结束日期早于开始日期。</translation>
    </message>
    <message>
        <source>Choose where to save the export</source>
        <translation>选择导出保存位置</translation>
    </message>
    <message>
        <source>Written: {name}</source>
        <translation>已写入：{name}</translation>
    </message>
    <message>
        <source>Exporting {count} files…</source>
        <translation>正在导出 {count} 个文件…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>The export stopped with an error.</source>
        <translation>导出因错误而停止。</translation>
    </message>
    <message>
        <source>Saved in {folder}: {forms} evaluation forms, {reports} agent reports, {workbooks} workbook.</source>
        <translation>已保存到 {folder}：评估表 {forms} 份，坐席报告 {reports} 份，工作簿 {workbooks} 个。</translation>
    </message>
    <message>
        <source>Cancelled after {done} of {total} files; every file written is complete.</source>
        <translation>已在 {total} 个文件中完成 {done} 个后取消；已写入的文件均完整。</translation>
    </message>
    <message>
        <source>Not written: {count} (first: {what}: {why}).</source>
        <translation>未写入：{count} 个（第一个：{what}：{why}）。</translation>
    </message>
</context>
<context>
    <name>GradeShortTab</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Exam:</source>
        <translation>考试：</translation>
    </message>
    <message>
        <source>Optional comment for the candidate</source>
        <translation>给考生的评语（可选）</translation>
    </message>
    <message>
        <source>Accept and save</source>
        <translation>确认并保存</translation>
    </message>
    <message>
        <source>Question:</source>
        <translation>题目：</translation>
    </message>
    <message>
        <source>Key points:</source>
        <translation>要点：</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>作答：</translation>
    </message>
    <message>
        <source>Points:</source>
        <translation>得分：</translation>
    </message>
    <message>
        <source>%1 · question %2</source>
        <translation>%1 · 第 %2 题</translation>
    </message>
    <message>
        <source>%1 answer(s) to grade</source>
        <translation>待批改 %1 份</translation>
    </message>
    <message>
        <source>Nothing waits for grading.</source>
        <translation>没有待批改的答案。</translation>
    </message>
    <message>
        <source>of %1 (suggested %2)</source>
        <translation>满分 %1（建议 %2）</translation>
    </message>
    <message>
        <source>Saved for %1.</source>
        <translation>已为 %1 保存。</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Not signed yet</source>
        <translation>尚未签发</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>签发</translation>
    </message>
    <message>
        <source>Reopened</source>
        <translation>重新打开</translation>
    </message>
    <message>
        <source>Disputed</source>
        <translation>申诉</translation>
    </message>
    <message>
        <source>Dispute accepted</source>
        <translation>申诉成立</translation>
    </message>
    <message>
        <source>Dispute rejected</source>
        <translation>申诉驳回</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Loading the rule pack…</source>
        <translation>正在加载规则包…</translation>
    </message>
    <message>
        <source>Importing {name} ({number} of {count})</source>
        <translation>正在导入 {name}（第 {number} 个，共 {count} 个）</translation>
    </message>
    <message>
        <source>Scoring calls from {name}: {done} of {count}</source>
        <translation>正在为 {name} 中的通话评分：{done} / {count}</translation>
    </message>
    <message>
        <source>Import transcripts</source>
        <translation>导入转写文本</translation>
    </message>
    <message>
        <source>Choose files…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>Or drop files and folders here. Formats: {}</source>
        <translation>也可以把文件或文件夹拖到这里。支持的格式：{}</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Choose transcript files or a folder to import.</source>
        <translation>请选择要导入的转写文件或文件夹。</translation>
    </message>
    <message>
        <source>Choose transcript files</source>
        <translation>选择转写文件</translation>
    </message>
    <message>
        <source>Transcripts ({})</source>
        <translation>转写文件 ({})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a folder of transcripts</source>
        <translation>选择转写文件所在的文件夹</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>The import stopped with an error.</source>
        <translation>导入因出错而中止。</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>No calls</source>
        <translation>无通话</translation>
    </message>
    <message>
        <source>{imported} imported, {unchanged} unchanged</source>
        <translation>导入 {imported} 通，{unchanged} 通无变化</translation>
    </message>
    <message>
        <source>Imported: {}</source>
        <translation>已导入：{}</translation>
    </message>
    <message>
        <source>Unchanged: {}</source>
        <translation>无变化：{}</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>1 通</translation>
    </message>
    <message>
        <source>{} calls</source>
        <translation>{} 通</translation>
    </message>
    <message>
        <source>Already stored with different content: {}</source>
        <translation>已存在但内容不同：{}</translation>
    </message>
    <message>
        <source>Warning: {}</source>
        <translation>警告：{}</translation>
    </message>
    <message>
        <source>{count} warnings, the first: {first}</source>
        <translation>{count} 条警告，第一条：{first}</translation>
    </message>
    <message>
        <source>Files: {files}. Calls imported: {imported}, unchanged: {unchanged}. Files failed: {failed}.</source>
        <translation>文件 {files} 个。导入通话 {imported} 通，无变化 {unchanged} 通。失败文件 {failed} 个。</translation>
    </message>
    <message>
        <source>Calls scored: {scored} (rule pack {pack}).</source>
        <translation>已评分通话 {scored} 通，规则包：{pack}。</translation>
    </message>
    <message>
        <source>Cancelled after {done} of {count} files.</source>
        <translation>已处理 {done}/{count} 个文件后取消。</translation>
    </message>
    <message>
        <source>Calls imported but not scored: {}.</source>
        <translation>已导入但未评分的通话：{} 通。</translation>
    </message>
</context>
<context>
    <name>ItemReviewPanel</name>
    <message>
        <source>Dispute this item…</source>
        <translation>申诉此项…</translation>
    </message>
    <message>
        <source>Needed to reject a verdict or override points</source>
        <translation>驳回判定或改分时必填</translation>
    </message>
    <message>
        <source>Note for the agent or the next reviewer</source>
        <translation>给坐席或下一位复核人的备注</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>Reject verdict</source>
        <translation>驳回判定</translation>
    </message>
    <message>
        <source>Override points</source>
        <translation>改分</translation>
    </message>
    <message>
        <source>Save comment</source>
        <translation>保存备注</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Review: {0}</source>
        <translation>复核：{0}</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Choose a rule in the scorecard to review it.</source>
        <translation>在评分表中选择一条规则进行复核。</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>评分项</translation>
    </message>
    <message>
        <source>Choose a rule in the scorecard to see its verdict.</source>
        <translation>在评分表中选择一条规则查看判定。</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>not applicable</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>Automatic verdict: {0}, {1:g} of {2:g} points</source>
        <translation>自动判定：{0}，{1:g} / {2:g} 分</translation>
    </message>
    <message>
        <source>Scorer&apos;s note: {0}</source>
        <translation>评分说明：{0}</translation>
    </message>
    <message>
        <source>Reviewer&apos;s note: {0}</source>
        <translation>复核人备注：{0}</translation>
    </message>
    <message>
        <source>Disputed by {0} on {1}: {2}</source>
        <translation>{0} 于 {1} 申诉：{2}</translation>
    </message>
    <message>
        <source>Waiting for a supervisor&apos;s ruling.</source>
        <translation>等待主管裁决。</translation>
    </message>
    <message>
        <source>Accepted by {0} on {1}: {2}</source>
        <translation>{0} 于 {1} 裁决申诉成立：{2}</translation>
    </message>
    <message>
        <source>Rejected by {0} on {1} (final): {2}</source>
        <translation>{0} 于 {1} 驳回（终局裁决）：{2}</translation>
    </message>
    <message>
        <source>Confirmed by the reviewer.</source>
        <translation>复核人已确认。</translation>
    </message>
    <message>
        <source>Verdict rejected: {0}</source>
        <translation>判定已驳回：{0}</translation>
    </message>
    <message>
        <source>Points overridden to {0:g}: {1}</source>
        <translation>分数改为 {0:g}：{1}</translation>
    </message>
</context>
<context>
    <name>JobDialog</name>
    <message>
        <source>Stopping after the current file…</source>
        <translation>当前文件完成后停止…</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Create the administrator</source>
        <translation>创建管理员</translation>
    </message>
    <message>
        <source>Sign in to QA Desk</source>
        <translation>登录 QA Desk</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
    <message>
        <source>This database has no accounts yet. Choose the administrator&apos;s user name and password.</source>
        <translation>此数据库还没有账号。请设置管理员的用户名和密码。</translation>
    </message>
    <message>
        <source>Demo database accounts:</source>
        <translation>演示数据库账号：</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>QA Desk</source>
        <translation>QA Desk 质检工作台</translation>
    </message>
    <message>
        <source> — demo database</source>
        <translation> — 演示数据库</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>复核</translation>
    </message>
    <message>
        <source>Exams</source>
        <translation>考试</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>奖惩</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Import transcripts…</source>
        <translation>导入转写文本(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export reports for HR…</source>
        <translation>导出人事报表(&amp;E)…</translation>
    </message>
    <message>
        <source>Save this call&apos;s evaluation &amp;form (PDF)…</source>
        <translation>保存本通话评估表 PDF(&amp;F)…</translation>
    </message>
    <message>
        <source>Change my &amp;password…</source>
        <translation>修改我的密码(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Go</source>
        <translation>转到(&amp;G)</translation>
    </message>
    <message>
        <source>Open a call first.</source>
        <translation>请先打开一通电话。</translation>
    </message>
    <message>
        <source>Save the evaluation form</source>
        <translation>保存评估表</translation>
    </message>
    <message>
        <source>Evaluation form</source>
        <translation>评估表</translation>
    </message>
    <message>
        <source>Saved {0} (document {1}).</source>
        <translation>已保存 {0}（文档编号 {1}）。</translation>
    </message>
    <message>
        <source>Change my password</source>
        <translation>修改我的密码</translation>
    </message>
    <message>
        <source>Password changed.</source>
        <translation>密码已修改。</translation>
    </message>
    <message>
        <source>Import transcripts</source>
        <translation>导入转写</translation>
    </message>
    <message>
        <source>Only a QA supervisor or an administrator imports calls.</source>
        <translation>只有质检主管或管理员可以导入通话。</translation>
    </message>
    <message>
        <source>{0} calls · {1}</source>
        <translation>{0} 通通话 · {1}</translation>
    </message>
    <message numerus="yes">
        <source>%n call(s) with an open dispute (Calls ▸ Status)</source>
        <translation>
            <numerusform>%n 通电话有待裁定的申诉（通话 ▸ 状态）</numerusform>
        </translation>
    </message>
    <message>
        <source>Rule pack: {0}</source>
        <translation>规则包：{0}</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language applies after a restart.</source>
        <translation>新语言将在重启程序后生效。</translation>
    </message>
    <message>
        <source>New rule pack version in use: {}</source>
        <translation>已启用新版规则包：{}</translation>
    </message>
</context>
<context>
    <name>ManageTab</name>
    <message>
        <source>Bank</source>
        <translation>题库</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>题数</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>总分</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>考试</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Pass mark</source>
        <translation>及格线</translation>
    </message>
    <message>
        <source>Attempts taken</source>
        <translation>已考人次</translation>
    </message>
    <message>
        <source>Import bank…</source>
        <translation>导入题库…</translation>
    </message>
    <message>
        <source>Export bank…</source>
        <translation>导出题库…</translation>
    </message>
    <message>
        <source>Save blank Excel template…</source>
        <translation>保存空白 Excel 模板…</translation>
    </message>
    <message>
        <source>New exam…</source>
        <translation>新建考试…</translation>
    </message>
    <message>
        <source>Question banks</source>
        <translation>题库</translation>
    </message>
    <message>
        <source>Exams</source>
        <translation>考试</translation>
    </message>
    <message>
        <source>Checking {0}…</source>
        <translation>正在检查 {0}…</translation>
    </message>
    <message>
        <source>Exported {0} to {1}.</source>
        <translation>已将 {0} 导出到 {1}。</translation>
    </message>
    <message>
        <source>Saved the blank template to {0}.</source>
        <translation>空白模板已保存到 {0}。</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>{0} min</source>
        <translation>{0} 分钟</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限时</translation>
    </message>
    <message>
        <source>Nothing was imported: fix the rows listed and import the file again.</source>
        <translation>未导入任何题目：请修正列出的行后重新导入。</translation>
    </message>
    <message>
        <source>Bank {0}: {1} new, {2} updated, {3} unchanged.</source>
        <translation>题库 {0}：新增 {1}，更新 {2}，未变 {3}。</translation>
    </message>
    <message>
        <source>Created the exam {0}.</source>
        <translation>已创建考试 {0}。</translation>
    </message>
    <message>
        <source>Import a question bank</source>
        <translation>导入题库</translation>
    </message>
    <message>
        <source>Question banks (*.xlsx *.yaml *.yml *.gift *.txt)</source>
        <translation>题库 (*.xlsx *.yaml *.yml *.gift *.txt)</translation>
    </message>
    <message>
        <source>Choose a bank to export first.</source>
        <translation>请先选择要导出的题库。</translation>
    </message>
    <message>
        <source>Export {0}</source>
        <translation>导出 {0}</translation>
    </message>
    <message>
        <source>Save the blank template</source>
        <translation>保存空白模板</translation>
    </message>
    <message>
        <source>Import a question bank first.</source>
        <translation>请先导入题库。</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Current password</source>
        <translation>当前密码</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>新密码</translation>
    </message>
    <message>
        <source>Repeat new password</source>
        <translation>再次输入新密码</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
</context>
<context>
    <name>PracticeTab</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Suggested practice</source>
        <translation>建议练习</translation>
    </message>
    <message>
        <source>Practise the questions you got wrong in your exams, or a topic suggested by your calls&apos; evaluations. Each answer is checked at once, with the right answer and its explanation. Practice is not recorded and does not count in any exam.</source>
        <translation>练习你在考试中答错的题目，或根据你的通话质检结果建议的知识点。每答一题立即判断，并给出正确答案和解析。练习不做记录，也不计入任何考试成绩。</translation>
    </message>
    <message>
        <source>Write your answer here.</source>
        <translation>在此作答。</translation>
    </message>
    <message>
        <source>Check answer</source>
        <translation>核对答案</translation>
    </message>
    <message>
        <source>Next question</source>
        <translation>下一题</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>结束练习</translation>
    </message>
    <message>
        <source>Enter the candidate&apos;s name on the exam tab first.</source>
        <translation>请先在“参加考试”页填写考生姓名。</translation>
    </message>
    <message>
        <source>No topic to suggest: your calls of the last %1 days pass every rule often enough.</source>
        <translation>暂无建议：你近%1天的通话各项规则均基本通过。</translation>
    </message>
    <message>
        <source>Practise</source>
        <translation>去练习</translation>
    </message>
    <message>
        <source>Your calls in the last %1 days failed “%2” %3 times: practise this topic (%4 questions).</source>
        <translation>你的通话近%1天有 %3 次未通过『%2』，建议练习该知识点（%4 题）。</translation>
    </message>
    <message>
        <source>Retry my wrong questions (%1)</source>
        <translation>重做我的错题（%1）</translation>
    </message>
    <message>
        <source>Nothing to practise here right now: questions in an exam being sat, or whose answers the exam does not show yet, are left out.</source>
        <translation>目前没有可练习的题目：正在考试中的题目，以及考试尚未公布答案的题目，不会出现在练习中。</translation>
    </message>
    <message>
        <source>You got this wrong in an exam</source>
        <translation>考试中答错的题</translation>
    </message>
    <message>
        <source>From the question bank</source>
        <translation>题库练习题</translation>
    </message>
    <message>
        <source>%1 · %2 right so far</source>
        <translation>%1 · 已答对 %2 题</translation>
    </message>
    <message>
        <source>Answer the question first.</source>
        <translation>请先作答。</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>答对了</translation>
    </message>
    <message>
        <source>Not right</source>
        <translation>答错了</translation>
    </message>
    <message>
        <source>Reference answer</source>
        <translation>参考答案</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>要点</translation>
    </message>
    <message>
        <source>Right answer</source>
        <translation>正确答案</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>解析</translation>
    </message>
    <message>
        <source>对 (true)</source>
        <translation>对</translation>
    </message>
    <message>
        <source>错 (false)</source>
        <translation>错</translation>
    </message>
    <message>
        <source>Practice finished: %1 of %2 right.
Practice is not recorded.</source>
        <translation>练习结束：%2 题中答对 %1 题。
练习不做记录。</translation>
    </message>
</context>
<context>
    <name>QuestionMap</name>
    <message>
        <source>answered</source>
        <translation>已作答</translation>
    </message>
    <message>
        <source>not answered</source>
        <translation>未作答</translation>
    </message>
    <message>
        <source>flagged for review</source>
        <translation>已标记待复查</translation>
    </message>
    <message>
        <source>current</source>
        <translation>当前题</translation>
    </message>
</context>
<context>
    <name>QuestionPanel</name>
    <message>
        <source>Write your answer here; it is saved as you type.</source>
        <translation>在此作答，输入时自动保存。</translation>
    </message>
    <message>
        <source>True or false</source>
        <translation>判断题</translation>
    </message>
    <message>
        <source>Multiple choice: pick all that apply</source>
        <translation>多项选择题：选出所有正确选项</translation>
    </message>
    <message>
        <source>Short answer</source>
        <translation>简答题</translation>
    </message>
    <message>
        <source>Single choice</source>
        <translation>单项选择题</translation>
    </message>
    <message>
        <source>Question %1 of %2 · %3 · %4 points</source>
        <translation>第 %1 题 / 共 %2 题 · %3 · %4 分</translation>
    </message>
    <message>
        <source>对 (true)</source>
        <translation>对</translation>
    </message>
    <message>
        <source>错 (false)</source>
        <translation>错</translation>
    </message>
</context>
<context>
    <name>QueueFilterBar</name>
    <message>
        <source>All agents</source>
        <translation>全部坐席</translation>
    </message>
    <message>
        <source>All channels</source>
        <translation>全部方向</translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Any status</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <source>Unscored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>复核中</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签发</translation>
    </message>
    <message>
        <source>Disputed (open)</source>
        <translation>申诉待裁定</translation>
    </message>
    <message>
        <source>Any failed rule</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Any</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Search in transcripts…</source>
        <translation>搜索转写内容…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Show every call again</source>
        <translation>清除筛选，重新显示全部通话</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Failed rule</source>
        <translation>未通过项</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>呼叫方向</translation>
    </message>
</context>
<context>
    <name>QueueModel</name>
    <message>
        <source>Call id</source>
        <translation>通话编号</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>呼叫方向</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Fatal</source>
        <translation>一票否决</translation>
    </message>
    <message>
        <source>Failed rules</source>
        <translation>未通过项</translation>
    </message>
    <message>
        <source>Review status</source>
        <translation>复核状态</translation>
    </message>
    <message>
        <source>Outbound</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Inbound</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>Unscored</source>
        <translation>未评分</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>复核中</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签发</translation>
    </message>
    <message>
        <source>Auto score {auto}, reviewed score {reviewed}</source>
        <translation>自动得分 {auto}，复核得分 {reviewed}</translation>
    </message>
    <message>
        <source>A fatal rule failed: the call scores 0</source>
        <translation>触发一票否决项：本通得分为 0</translation>
    </message>
</context>
<context>
    <name>QueuePage</name>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>1 call</source>
        <translation>共 1 通通话</translation>
    </message>
    <message>
        <source>{} calls</source>
        <translation>共 {} 通通话</translation>
    </message>
    <message>
        <source>Could not read the queue: {}</source>
        <translation>无法读取通话列表：{}</translation>
    </message>
</context>
<context>
    <name>ResultsTab</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Exam:</source>
        <translation>考试：</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>考生</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>第几次</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Percent</source>
        <translation>得分率</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Time taken</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Facility</source>
        <translation>难度系数</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>作答人次</translation>
    </message>
    <message>
        <source>Discrimination</source>
        <translation>区分度</translation>
    </message>
    <message>
        <source>Efficiency</source>
        <translation>区分效率</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Options picked (✓ right)</source>
        <translation>选项分布（✓ 为正确）</translation>
    </message>
    <message>
        <source>Item analysis (graded attempts)</source>
        <translation>试题分析（已评分答卷）</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>成绩</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>open</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>marks not shown yet</source>
        <translation>成绩暂未公布</translation>
    </message>
    <message>
        <source>%1 to grade</source>
        <translation>%1 题待批改</translation>
    </message>
    <message>
        <source>No graded attempts yet: item analysis needs final results.</source>
        <translation>尚无已评分答卷：试题分析需要最终成绩。</translation>
    </message>
    <message>
        <source>true</source>
        <translation>对</translation>
    </message>
    <message>
        <source>false</source>
        <translation>错</translation>
    </message>
    <message>
        <source>blank %1</source>
        <translation>未答 %1</translation>
    </message>
    <message>
        <source>%1 graded attempts · mean %2 · SD %3 · Cronbach&apos;s α %4 · SEM %5</source>
        <translation>已评分 %1 份 · 平均分 %2 · 标准差 %3 · 克隆巴赫 α %4 · 测量标准误 %5</translation>
    </message>
    <message>
        <source>Random draws: each question is measured over the attempts that drew it; α and SEM need one common paper.</source>
        <translation>随机抽题：每题按抽到该题的答卷统计；α 和测量标准误需要同一份试卷，故不计算。</translation>
    </message>
    <message>
        <source>too easy</source>
        <translation>过易</translation>
    </message>
    <message>
        <source>too hard</source>
        <translation>过难</translation>
    </message>
    <message>
        <source>negative discrimination</source>
        <translation>区分度为负</translation>
    </message>
</context>
<context>
    <name>ReviewSession</name>
    <message>
        <source>Give a reason to reject the verdict.</source>
        <translation>驳回判定需要填写理由。</translation>
    </message>
    <message>
        <source>Give a reason to override the points.</source>
        <translation>改分需要填写理由。</translation>
    </message>
    <message>
        <source>Give a reason to reopen a signed evaluation.</source>
        <translation>重新打开已签发的评分需要填写理由。</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
</context>
<context>
    <name>RewardsPage</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Amount (yuan)</source>
        <translation>金额（元）</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>名目</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Rule id</source>
        <translation>规则编号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Applies to</source>
        <translation>适用于</translation>
    </message>
    <message>
        <source>Threshold / from failure</source>
        <translation>阈值 / 自第几次</translation>
    </message>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Why the policy changes (kept with the version)</source>
        <translation>修改原因（随版本保存）</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>另存为新版本</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Saved at (UTC)</source>
        <translation>保存时间（UTC）</translation>
    </message>
    <message>
        <source>By</source>
        <translation>保存人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source> yuan</source>
        <translation> 元</translation>
    </message>
    <message>
        <source>What happened (required)</source>
        <translation>事由（必填）</translation>
    </message>
    <message>
        <source>Record entry</source>
        <translation>登记</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>登记人</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>作废</translation>
    </message>
    <message>
        <source>Void selected entry…</source>
        <translation>作废所选登记…</translation>
    </message>
    <message>
        <source>Ledger</source>
        <translation>奖惩台账</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>奖惩制度</translation>
    </message>
    <message>
        <source>Manual entries</source>
        <translation>人工登记</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Version history (double-click to load a version)</source>
        <translation>版本历史（双击载入该版本）</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Entries of the month (voided entries stay, struck out)</source>
        <translation>本月登记（作废的登记保留，以删除线显示）</translation>
    </message>
    <message>
        <source>Read-only: your role may not change the policy.</source>
        <translation>只读：您的角色不能修改奖惩制度。</translation>
    </message>
    <message>
        <source>Read-only: your role may not record entries.</source>
        <translation>只读：您的角色不能登记奖惩。</translation>
    </message>
    <message>
        <source>All agents</source>
        <translation>全部坐席</translation>
    </message>
    <message>
        <source>Reading the ledger…</source>
        <translation>正在读取台账…</translation>
    </message>
    <message>
        <source>Policy version {0}. Double-click to open the call.</source>
        <translation>制度版本 {0}。双击打开该通话。</translation>
    </message>
    <message>
        <source>Total: {0} yuan</source>
        <translation>合计：{0} 元</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s); policy version {0}</source>
        <translation>
            <numerusform>共 %n 条；制度版本 {0}</numerusform>
        </translation>
    </message>
    <message>
        <source>Loaded version {0}: save it to put it back in force.</source>
        <translation>已载入版本 {0}：保存后重新生效。</translation>
    </message>
    <message>
        <source>the table</source>
        <translation>表格</translation>
    </message>
    <message>
        <source>Not saved:</source>
        <translation>未保存：</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message>
        <source>Saved as version {0}; it is now in force.</source>
        <translation>已保存为版本 {0}，现已生效。</translation>
    </message>
    <message>
        <source>Other (type a label and an amount)</source>
        <translation>其他（填写名目和金额）</translation>
    </message>
    <message>
        <source>Not recorded: {0}</source>
        <translation>未登记：{0}</translation>
    </message>
    <message>
        <source>Recorded entry {0}: {1} {2} yuan for {3}</source>
        <translation>已登记 {0} 号：{3} {1} {2} 元</translation>
    </message>
    <message>
        <source>Choose an entry to void.</source>
        <translation>请先选择要作废的登记。</translation>
    </message>
    <message>
        <source>Void entry</source>
        <translation>作废登记</translation>
    </message>
    <message>
        <source>Why is entry {0} void?</source>
        <translation>作废登记 {0} 的原因？</translation>
    </message>
    <message>
        <source>Not voided: {0}</source>
        <translation>未作废：{0}</translation>
    </message>
    <message>
        <source>Entry {0} voided.</source>
        <translation>登记 {0} 已作废。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Administrator</source>
        <translation>管理员</translation>
    </message>
    <message>
        <source>QA supervisor</source>
        <translation>质检主管</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>HR</source>
        <translation>人事</translation>
    </message>
</context>
<context>
    <name>RulesPage</name>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分值</translation>
    </message>
    <message>
        <source>Fatal item (sets the call&apos;s score to 0)</source>
        <translation>一票否决项（不通过则整通得 0 分）</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>任意一方</translation>
    </message>
    <message>
        <source>All turns</source>
        <translation>全部轮次</translation>
    </message>
    <message>
        <source>Opening turns</source>
        <translation>开场轮次</translation>
    </message>
    <message>
        <source>First N turns</source>
        <translation>前 N 轮</translation>
    </message>
    <message>
        <source>Last N turns</source>
        <translation>最后 N 轮</translation>
    </message>
    <message>
        <source>One phrase per line; {a|b} writes synonyms</source>
        <translation>每行一个短语；{a|b} 表示同义写法</translation>
    </message>
    <message>
        <source>Try on calls</source>
        <translation>用已有通话试算</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>另存为新版本</translation>
    </message>
    <message>
        <source>Activate this version</source>
        <translation>启用此版本</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>通话</translation>
    </message>
    <message>
        <source>Score before</source>
        <translation>修改前得分</translation>
    </message>
    <message>
        <source>Score after</source>
        <translation>修改后得分</translation>
    </message>
    <message>
        <source>Verdicts that change</source>
        <translation>变化的判定</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>检测范围</translation>
    </message>
    <message>
        <source>Phrase set</source>
        <translation>短语集</translation>
    </message>
    <message>
        <source>Pack {0}, version {1}</source>
        <translation>规则包 {0}，版本 {1}</translation>
    </message>
    <message>
        <source>Only an administrator can activate a rule pack version</source>
        <translation>只有管理员可以启用规则包版本</translation>
    </message>
    <message>
        <source>edited pack</source>
        <translation>编辑后的规则包</translation>
    </message>
    <message>
        <source>The edit cannot be used: {}</source>
        <translation>此修改无法使用：{}</translation>
    </message>
    <message>
        <source>Scoring stored calls with both versions…</source>
        <translation>正在用新旧两个版本为已存通话评分…</translation>
    </message>
    <message>
        <source>{0} of {1} calls would change.</source>
        <translation>{1} 通通话中有 {0} 通的结果会变化。</translation>
    </message>
    <message>
        <source>Saved as version {0}. Once an administrator activates it, new evaluations use it; earlier ones keep theirs.</source>
        <translation>已另存为版本 {0}。管理员启用后，新的评分将使用此版本；已有评分保留原版本。</translation>
    </message>
    <message>
        <source>Version {0} is now active: new evaluations use it; earlier ones keep theirs.</source>
        <translation>版本 {0} 已启用：新的评分使用此版本；已有评分保留原版本。</translation>
    </message>
</context>
<context>
    <name>ScorecardPanel</name>
    <message>
        <source>Auto score</source>
        <translation>自动得分</translation>
    </message>
    <message>
        <source>Reviewed score</source>
        <translation>复核得分</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>分数</translation>
    </message>
    <message>
        <source>This call has not been scored yet</source>
        <translation>这通电话尚未评分</translation>
    </message>
    <message>
        <source> (fatal)</source>
        <translation>（一票否决）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>复核中</translation>
    </message>
    <message>
        <source>Signed</source>
        <translation>已签发</translation>
    </message>
    <message>
        <source>Signed by {0} at {1}</source>
        <translation>{0} 于 {1} 签发</translation>
    </message>
    <message>
        <source>Last reviewed by {0} at {1}</source>
        <translation>{0} 于 {1} 最后复核</translation>
    </message>
    <message>
        <source>Scored automatically with pack {0} {1}</source>
        <translation>按规则包 {0} {1} 自动评分</translation>
    </message>
    <message>
        <source> ⚑ fatal</source>
        <translation> ⚑ 一票否决</translation>
    </message>
    <message>
        <source>disputed</source>
        <translation>申诉中</translation>
    </message>
    <message>
        <source>dispute accepted</source>
        <translation>申诉成立</translation>
    </message>
    <message>
        <source>dispute rejected</source>
        <translation>申诉驳回</translation>
    </message>
    <message>
        <source>Pass</source>
        <translation>合格</translation>
    </message>
    <message>
        <source>Fail</source>
        <translation>不合格</translation>
    </message>
    <message>
        <source>N/A</source>
        <translation>不适用</translation>
    </message>
    <message>
        <source>{0} (was {1})</source>
        <translation>{0}（原为{1}）</translation>
    </message>
    <message>
        <source>{0} ✓</source>
        <translation>{0} ✓</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source> days after sign-off</source>
        <translation> 天（自签核起）</translation>
    </message>
    <message>
        <source>Mask phone, ID card and bank card numbers in exports</source>
        <translation>导出时遮蔽手机号、身份证号和银行卡号</translation>
    </message>
    <message>
        <source>Only HR and administrators may export unmasked numbers.</source>
        <translation>只有人事和管理员可以导出未遮蔽的号码。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Printed at the top of every report</source>
        <translation>打印在每份报表的顶部</translation>
    </message>
    <message>
        <source>Built-in default pack</source>
        <translation>内置默认规则包</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Reviewer name</source>
        <translation>复核人姓名</translation>
    </message>
    <message>
        <source>Rule pack</source>
        <translation>规则包</translation>
    </message>
    <message>
        <source>Disputes allowed for</source>
        <translation>申诉期限</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>隐私</translation>
    </message>
    <message>
        <source>Rule packs (*.yaml *.yml)</source>
        <translation>规则包 (*.yaml *.yml)</translation>
    </message>
</context>
<context>
    <name>TakeExamTab</name>
    <message>
        <source>Name or staff id</source>
        <translation>姓名或工号</translation>
    </message>
    <message>
        <source>Signed in: you take exams as yourself.</source>
        <translation>已登录：你以本人身份参加考试。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Candidate:</source>
        <translation>考生：</translation>
    </message>
    <message>
        <source>Exam:</source>
        <translation>考试：</translation>
    </message>
    <message>
        <source>Choose the candidate and an exam, then press Open.
An exam left open (for example after a crash) carries on where it stopped, with every saved answer.</source>
        <translation>选择考生和考试，然后点“打开”。
未完成的考试（例如程序崩溃后）会从中断处继续，已保存的答案都在。</translation>
    </message>
    <message>
        <source>Start the exam</source>
        <translation>开始考试</translation>
    </message>
    <message>
        <source>Time left, as the exam server counts it</source>
        <translation>剩余时间（以考试服务器计时为准）</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>剩余时间：</translation>
    </message>
    <message>
        <source>Blue: answered · ⚑: flagged for review · thick ring: current</source>
        <translation>蓝色：已作答 · ⚑：标记待复查 · 粗框：当前题</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>题目</translation>
    </message>
    <message>
        <source>Flag for review</source>
        <translation>标记待复查</translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一题</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一题 ▶</translation>
    </message>
    <message>
        <source>Submit…</source>
        <translation>交卷…</translation>
    </message>
    <message>
        <source>Enter the candidate&apos;s name and choose an exam.</source>
        <translation>请输入考生姓名并选择考试。</translation>
    </message>
    <message>
        <source>Opening…</source>
        <translation>正在打开…</translation>
    </message>
    <message>
        <source>Carrying on with the open attempt: saved answers restored.</source>
        <translation>继续未完成的答卷：已恢复保存的答案。</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>no time limit</source>
        <translation>不限时</translation>
    </message>
    <message>
        <source>Exam</source>
        <translation>考试</translation>
    </message>
    <message>
        <source>Candidate</source>
        <translation>考生</translation>
    </message>
    <message>
        <source>Time limit</source>
        <translation>时间限制</translation>
    </message>
    <message>
        <source>Attempts left</source>
        <translation>剩余次数</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Pass mark</source>
        <translation>及格线</translation>
    </message>
    <message>
        <source>The timer starts when you press Start and keeps running if the program is closed. Every answer is saved as you give it.</source>
        <translation>点“开始”后开始计时，关闭程序也不会停止计时。每道题作答后立即保存。</translation>
    </message>
    <message>
        <source>No attempts are left at this exam.</source>
        <translation>本考试已无剩余次数。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Saved ✓</source>
        <translation>已保存 ✓</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Answered %1 of %2</source>
        <translation>已答 %1 / %2</translation>
    </message>
    <message>
        <source>Time is up: the exam is being submitted.</source>
        <translation>时间到：正在自动交卷。</translation>
    </message>
    <message>
        <source>untimed</source>
        <translation>不限时</translation>
    </message>
    <message>
        <source>Submit your answers now? You cannot change them afterwards.</source>
        <translation>现在交卷吗？交卷后不能再修改答案。</translation>
    </message>
    <message>
        <source>Not answered: questions %1.</source>
        <translation>未作答：第 %1 题。</translation>
    </message>
    <message>
        <source>Flagged for review: questions %1.</source>
        <translation>标记待复查：第 %1 题。</translation>
    </message>
    <message>
        <source>Submit the exam</source>
        <translation>交卷</translation>
    </message>
    <message>
        <source>Submitted. Your marks are shown once the exam&apos;s review policy allows it.</source>
        <translation>已交卷。成绩将在考试回顾策略允许时显示。</translation>
    </message>
    <message>
        <source>Submitted: %1 short answer(s) wait for a grader.</source>
        <translation>已交卷：%1 道简答题待批改。</translation>
    </message>
    <message>
        <source>Passed ✓</source>
        <translation>合格 ✓</translation>
    </message>
    <message>
        <source>Not passed ✗</source>
        <translation>不合格 ✗</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>第几次</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>得分</translation>
    </message>
    <message>
        <source>Time taken</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>交卷时间</translation>
    </message>
    <message>
        <source>automatically when the time ran out</source>
        <translation>时间到自动交卷</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Your answers</source>
        <translation>你的作答</translation>
    </message>
    <message>
        <source>Your answer</source>
        <translation>你的答案</translation>
    </message>
    <message>
        <source>waiting for a grader</source>
        <translation>等待阅卷</translation>
    </message>
    <message>
        <source>Right answer</source>
        <translation>正确答案</translation>
    </message>
    <message>
        <source>Explanation</source>
        <translation>解析</translation>
    </message>
    <message>
        <source>(not answered)</source>
        <translation>（未作答）</translation>
    </message>
    <message>
        <source>对 (true)</source>
        <translation>对</translation>
    </message>
    <message>
        <source>错 (false)</source>
        <translation>错</translation>
    </message>
</context>
<context>
    <name>TranscriptPane</name>
    <message>
        <source>Agent</source>
        <translation>坐席</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>Skip silence</source>
        <translation>跳过静音</translation>
    </message>
    <message>
        <source>Jump over silences longer than 2 seconds</source>
        <translation>跳过超过 2 秒的静音</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>倍速</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Add a user</source>
        <translation>添加用户</translation>
    </message>
    <message>
        <source>工号, links an agent to their calls</source>
        <translation>工号，用于关联坐席的通话</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Agent id</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Repeat password</source>
        <translation>再次输入密码</translation>
    </message>
</context>
<context>
    <name>UsersPage</name>
    <message>
        <source>Add user…</source>
        <translation>添加用户…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>修改角色…</translation>
    </message>
    <message>
        <source>Edit details…</source>
        <translation>修改资料…</translation>
    </message>
    <message>
        <source>Reset password…</source>
        <translation>重置密码…</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>停用…</translation>
    </message>
    <message>
        <source>Reactivate / unlock</source>
        <translation>启用 / 解锁</translation>
    </message>
    <message>
        <source>Users and roles</source>
        <translation>用户与角色</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>deactivated</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>locked until {0}</source>
        <translation>锁定至 {0}</translation>
    </message>
    <message>
        <source>Only an administrator manages users. Changes are recorded in the audit trail.</source>
        <translation>只有管理员可以管理用户。所有修改都记入审计日志。</translation>
    </message>
    <message>
        <source>Added {0}.</source>
        <translation>已添加 {0}。</translation>
    </message>
    <message>
        <source>{0} is now {1}.</source>
        <translation>{0} 现在是{1}。</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <source>New password set for {0}.</source>
        <translation>已为 {0} 设置新密码。</translation>
    </message>
    <message>
        <source>{0} can no longer sign in.</source>
        <translation>{0} 已不能登录。</translation>
    </message>
    <message>
        <source>{0} can sign in again.</source>
        <translation>{0} 可以重新登录。</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>两次输入的密码不一致。</translation>
    </message>
    <message>
        <source>Change role</source>
        <translation>修改角色</translation>
    </message>
    <message>
        <source>Role of {0}</source>
        <translation>{0} 的角色</translation>
    </message>
    <message>
        <source>Edit details</source>
        <translation>修改资料</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>显示名称</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Agent id</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Failed sign-ins</source>
        <translation>登录失败次数</translation>
    </message>
    <message>
        <source>Only an administrator manages users. Use File ▸ Change my password for your own.</source>
        <translation>只有管理员可以管理用户。修改自己的密码请用“文件 ▸ 修改我的密码”。</translation>
    </message>
    <message>
        <source>Agent id (工号)</source>
        <translation>工号</translation>
    </message>
    <message>
        <source>Reset the password of {0}</source>
        <translation>重置 {0} 的密码</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Why can {0} no longer sign in?</source>
        <translation>{0} 为什么不能再登录？</translation>
    </message>
    <message>
        <source>Sign in as an administrator to manage users.</source>
        <translation>请以管理员身份登录后管理用户。</translation>
    </message>
</context>
</TS>

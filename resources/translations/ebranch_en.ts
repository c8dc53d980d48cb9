<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AttendancePanel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="69" />
        <source>未登记的全部记为出席</source>
        <translation>Mark everyone unmarked as present</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="71" />
        <source>点击格子即登记并自动保存；双击“原因”可修改；右键可清除或设为不计入应到</source>
        <translation>Click a cell to mark and save at once; double-click "Reason" to edit; right-click to clear or exclude from the expected count</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="76" />
        <source>列席人员姓名</source>
        <translation>Observer name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="76" />
        <source>身份 / 单位</source>
        <translation>Role / organization</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="80" />
        <source>添加列席人员</source>
        <translation>Add observer</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="81" />
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="90" />
        <source>列席人员（不计入党员人数）</source>
        <translation>Observers (not counted among members)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="141" />
        <source>清除登记</source>
        <translation>Clear mark</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="144" />
        <source>恢复计入应到人数</source>
        <translation>Count as expected again</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="144" />
        <source>不计入应到人数（经上级党组织同意）…</source>
        <translation>Exclude from the expected count (approved by the higher organization)…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="159" />
        <source>不计入应到人数</source>
        <translation>Exclude from the expected count</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="160" />
        <source>请填写经上级党组织同意不计入应到人数的原因：</source>
        <translation>Reason approved by the higher organization for excluding this member:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="173" />
        <source>应到 %1 人　实到 %2 人（迟到 %3）　请假 %4 人　缺席 %5 人　未登记 %6 人</source>
        <translation>Expected %1 · Present %2 (late %3) · Leave %4 · Absent %5 · Unmarked %6</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="177" />
        <source>　（不计入应到 %1 人）</source>
        <translation> (excluded: %1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="183" />
        <source>有表决权党员 应到 %1 实到 %2</source>
        <translation>Voting members: expected %1, present %2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="187" />
        <source>已达到表决人数</source>
        <translation>Quorum for a vote reached</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="190" />
        <source>未达到表决人数</source>
        <translation>No quorum for a vote</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="195" />
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>AttendanceTableModel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="125" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="125" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="125" />
        <source>职务</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="125" />
        <source>出席</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="125" />
        <source>迟到</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="126" />
        <source>请假</source>
        <translation>Leave</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="126" />
        <source>缺席</source>
        <translation>Absent</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="126" />
        <source>原因 / 备注</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="154" />
        <source>不计入应到：%1</source>
        <translation>Excluded: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="170" />
        <source>点击登记为“%1”</source>
        <translation>Click to mark as "%1"</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="49" />
        <source>导入党员名册</source>
        <translation>Import member roster</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="52" />
        <source>正在检查 %1 → %2 …</source>
        <translation>Checking %1 → %2 …</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="56" />
        <source>行号</source>
        <translation>Row</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="56" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="56" />
        <source>问题</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="60" />
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="61" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="98" />
        <source>导入完成：共 %1 行，新增 %2 人，更新 %3 人，未变 %4 人。</source>
        <translation>Import finished: %1 rows, %2 added, %3 updated, %4 unchanged.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="111" />
        <source>有 %1 行不合格，没有导入任何数据。请按下表修改文件后重新导入。</source>
        <translation>%1 rows were rejected and nothing was imported. Fix the file as listed below and import it again.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="117" />
        <source>导入失败，没有导入任何数据：%1</source>
        <translation>Import failed, nothing was imported: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="121" />
        <source>已取消，没有导入任何数据。</source>
        <translation>Cancelled; nothing was imported.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="33" />
        <source>e支部 · 组织生活记录</source>
        <translation>e-Branch · Organizational Life</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="40" />
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="41" />
        <source>党员名册</source>
        <translation>Member roster</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="44" />
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="63" />
        <source>工作区还没有数据：请登录下载本支部数据，或以 --demo 打开演示工作区</source>
        <translation>The workspace is empty: sign in to download your branch, or open the demo workspace with --demo</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="73" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="74" />
        <location filename="../../ebranch_desktop/ui/main_window.py" line="119" />
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="76" />
        <source>导入党员名册…</source>
        <translation>Import member roster…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="78" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="85" />
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="86" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="92" />
        <source>字体大小</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="93" />
        <source>标准</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="93" />
        <source>大</source>
        <translation>Large</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="93" />
        <source>特大</source>
        <translation>Extra large</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="99" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="100" />
        <location filename="../../ebranch_desktop/ui/main_window.py" line="149" />
        <source>关于 e支部</source>
        <translation>About e-Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="112" />
        <source>当前：%1（%2 个党支部）</source>
        <translation>Showing: %1 (%2 branches)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="119" />
        <source>请先在左侧选择党支部</source>
        <translation>Please select a branch on the left first</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="136" />
        <source>界面语言将在下次启动时生效。
The language changes at the next start.</source>
        <translation>The language changes at the next start.
界面语言将在下次启动时生效。</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="150" />
        <source>e支部 桌面版 %1
数据库版本 %2
同步协议版本 %3
工作区：%4</source>
        <translation>e-Branch Desktop %1
Database schema %2
Sync protocol %3
Workspace: %4</translation>
    </message>
</context>
<context>
    <name>MeetingEditor</name>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="56" />
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="57" />
        <source>出席登记</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="58" />
        <source>会议记录</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="64" />
        <source>登记为已召开</source>
        <translation>Record as held</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="65" />
        <source>取消会议…</source>
        <translation>Cancel meeting…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="66" />
        <source>恢复为计划</source>
        <translation>Back to planned</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="67" />
        <source>打印签到表</source>
        <translation>Print sign-in sheet</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="68" />
        <source>打印会议记录</source>
        <translation>Print minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="69" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="71" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="133" />
        <source>请先保存会议基本信息</source>
        <translation>Save the meeting details first</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="140" />
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="141" />
        <source>新建（保存后可登记出席）</source>
        <translation>New (attendance can be marked after saving)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="146" />
        <source>（原因：%1）</source>
        <translation> (reason: %1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="201" />
        <source>取消会议</source>
        <translation>Cancel meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="201" />
        <source>请填写取消原因：</source>
        <translation>Reason for cancelling:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="217" />
        <source>打印</source>
        <translation>Print</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="217" />
        <source>本版本尚不支持打印</source>
        <translation>Printing is not available in this version</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="226" />
        <source>尚未保存</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="226" />
        <source>会议信息有修改尚未保存，要保存吗？</source>
        <translation>The meeting has unsaved changes. Save them?</translation>
    </message>
</context>
<context>
    <name>MeetingForm</name>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="44" />
        <source>例如：学习贯彻党的二十届四中全会精神</source>
        <translation>e.g. Study the spirit of the Fourth Plenary Session</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="46" />
        <source>结束时间</source>
        <translation>End time</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="56" />
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="67" />
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="68" />
        <source>会议类型</source>
        <translation>Meeting type</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="69" />
        <source>会议主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="70" />
        <source>开始时间</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="72" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="73" />
        <source>主持人</source>
        <translation>Host</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="74" />
        <source>记录人</source>
        <translation>Recorder</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="75" />
        <source>党课主讲人</source>
        <translation>Lecturer</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="76" />
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="77" />
        <source>组织生活会形式</source>
        <translation>Held as</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="78" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="114" />
        <source>（不指定）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>MeetingTableModel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="32" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="32" />
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="32" />
        <source>会议类型</source>
        <translation>Meeting type</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="32" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="33" />
        <source>主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="33" />
        <source>实到</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="33" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="106" />
        <source>待同步</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_table_model.py" line="106" />
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
</context>
<context>
    <name>MeetingsView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="44" />
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="48" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="54" />
        <source>搜索主题或地点</source>
        <translation>Search topic or place</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="70" />
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="71" />
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="72" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="78" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="78" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="79" />
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="79" />
        <source>到</source>
        <translation>To</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="127" />
        <source>共 %n 次会议</source>
        <translation><numerusform>%n meeting</numerusform><numerusform>%n meetings</numerusform></translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="151" />
        <source>删除会议</source>
        <translation>Delete meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="152" />
        <source>确定删除“%1”（%2）吗？删除后会同步到服务器。</source>
        <translation>Delete "%1" (%2)? The deletion will be synced to the server.</translation>
    </message>
</context>
<context>
    <name>MemberEditor</name>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="71" />
        <source>编辑党员信息</source>
        <translation>Edit member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="71" />
        <source>登记党员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="77" />
        <source>18位，末位可为X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="82" />
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="86" />
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="87" />
        <source>填写</source>
        <translation>Set</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="93" />
        <source>党小组组长</source>
        <translation>Party group leader</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="94" />
        <source>失联党员</source>
        <translation>Lost contact</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="95" />
        <source>失联日期</source>
        <translation>Lost contact on</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="96" />
        <source>流动党员</source>
        <translation>Mobile member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="98" />
        <source>外出流向：省/市/县</source>
        <translation>Destination: province/city/county</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="104" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="105" />
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="107" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="108" />
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="109" />
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="110" />
        <source>学历</source>
        <translation>Education</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="111" />
        <source>工作岗位</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="112" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="113" />
        <source>家庭住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="115" />
        <source>人员类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="116" />
        <source>加入党组织日期</source>
        <translation>Joined the Party</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="117" />
        <source>转为正式党员日期</source>
        <translation>Full membership from</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="118" />
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="119" />
        <source>支委职务</source>
        <translation>Committee role</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="121" />
        <source>党籍状态</source>
        <translation>Membership status</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="124" />
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="124" />
        <source>党籍信息</source>
        <translation>Party membership</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="146" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="50" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="50" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="50" />
        <source>人员类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="50" />
        <source>支委职务</source>
        <translation>Committee role</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="51" />
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="51" />
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="51" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="52" />
        <source>入党日期</source>
        <translation>Joined</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="52" />
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="65" />
        <source>流动党员</source>
        <translation>Mobile member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="67" />
        <source>失联</source>
        <translation>Lost contact</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="69" />
        <source>停止党籍</source>
        <translation>Suspended</translation>
    </message>
</context>
<context>
    <name>MembersView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="48" />
        <source>登记党员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="49" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="50" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="51" />
        <source>导入名册…</source>
        <translation>Import roster…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="56" />
        <source>身份证号和电话已脱敏显示；打开党员信息可查看完整内容</source>
        <translation>ID and phone numbers are masked; open a member to see them in full</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ebranch_desktop/ui/members_view.py" line="73" />
        <source>共 %n 名党员</source>
        <translation><numerusform>%n member</numerusform><numerusform>%n members</numerusform></translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="77" />
        <source>请先在左侧选择一个党支部</source>
        <translation>Select one branch on the left first</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="105" />
        <source>删除党员</source>
        <translation>Delete member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="106" />
        <source>确定从名册中删除 %1 吗？已登记的出席记录会保留。</source>
        <translation>Remove %1 from the roster? Recorded attendance is kept.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="118" />
        <source>选择名册文件</source>
        <translation>Choose a roster file</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="118" />
        <source>名册 (*.xlsx *.csv)</source>
        <translation>Rosters (*.xlsx *.csv)</translation>
    </message>
</context>
<context>
    <name>MinutesPanel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="30" />
        <source>每行一个议题</source>
        <translation>One agenda item per line</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="33" />
        <source>发言人：发言要点</source>
        <translation>Speaker: main points</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="35" />
        <source>会议记录正文</source>
        <translation>Minutes text</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="38" />
        <source>决议内容</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="38" />
        <source>同意</source>
        <translation>For</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="38" />
        <source>反对</source>
        <translation>Against</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="38" />
        <source>弃权</source>
        <translation>Abstain</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="46" />
        <source>添加决议</source>
        <translation>Add resolution</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="47" />
        <source>删除所选决议</source>
        <translation>Remove selected resolution</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="56" />
        <source>议题</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="58" />
        <source>发言要点</source>
        <translation>Speech notes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="60" />
        <source>会议记录</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="62" />
        <source>决议及表决情况</source>
        <translation>Resolutions and votes</translation>
    </message>
</context>
<context>
    <name>OrgTreeView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/org_tree.py" line="28" />
        <source>组织树</source>
        <translation>Organization tree</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="44" />
        <source>请假原因</source>
        <translation>Reason for leave</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="45" />
        <source>%1 请假，请填写原因：</source>
        <translation>%1 is on leave; please give the reason:</translation>
    </message>
</context>
</TS>
<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name>AccountActions</name>
    <message>
        <location filename="../../ebranch_desktop/ui/account_actions.py" line="79" />
        <location filename="../../ebranch_desktop/ui/account_actions.py" line="85" />
        <source>请登录。没有网络时也可以用上次在本机登录过的账号和密码离线登录。</source>
        <translation>Please sign in. Without a network you can sign in offline with an account that signed in on this PC before.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/account_actions.py" line="95" />
        <source>已锁定。请输入密码解锁，或换一个账号登录。</source>
        <translation>Locked. Enter the password to unlock, or sign in with another account.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/account_actions.py" line="113" />
        <source>已退出登录</source>
        <translation>Signed out</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/account_actions.py" line="114" />
        <source>已退出登录。%1 条尚未同步的修改保留在本机，下次登录后会自动上传。</source>
        <translation>Signed out. %1 changes not yet synced stay on this PC and are uploaded after the next sign-in.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/account_actions.py" line="118" />
        <source>请登录</source>
        <translation>Please sign in</translation>
    </message>
</context>
<context>
    <name>AttendancePanel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="100" />
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="253" />
        <source>未登记的全部记为出席</source>
        <translation>Mark everyone unmarked as present</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="103" />
        <source>点击格子即登记并自动保存；也可用键盘：1 出席、2 迟到、3 请假、4 缺席，空格键切换，上下键换人；双击“原因”可修改；右键可清除或设为不计入应到；Ctrl+Z 撤销</source>
        <translation>Click a cell to mark; it is saved at once. Or use the keyboard: 1 present, 2 late, 3 leave, 4 absent, Space cycles, arrow keys move. Double-click the reason to edit it; right-click to clear or exclude from the expected count; Ctrl+Z undoes.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="107" />
        <source>列席人员姓名</source>
        <translation>Observer name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="107" />
        <source>身份 / 单位</source>
        <translation>Role / organization</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="110" />
        <source>添加列席人员</source>
        <translation>Add observer</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="111" />
        <source>删除所选</source>
        <translation>Remove selected</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="124" />
        <source>列席人员（不计入党员人数）：入党积极分子、群众代表、上级党组织的同志等</source>
        <translation>Observers (not counted as members): activists applying to join, villagers' representatives, officials of the higher organization</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="240" />
        <source>%1 %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="248" />
        <source>%1 的原因</source>
        <translation>reason of %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="293" />
        <source>清除登记</source>
        <translation>Clear mark</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="296" />
        <source>恢复计入应到人数</source>
        <translation>Count as expected again</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="296" />
        <source>不计入应到人数（经上级党组织同意）…</source>
        <translation>Exclude from the expected count (approved by the higher organization)…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="301" />
        <source>清除 %1 的登记</source>
        <translation>cleared the mark of %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="312" />
        <source>不计入应到人数</source>
        <translation>Exclude from the expected count</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="313" />
        <source>请填写经上级党组织同意不计入应到人数的原因：</source>
        <translation>Reason approved by the higher organization for excluding this member:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="321" />
        <source>%1 的应到设置</source>
        <translation>expected count of %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="329" />
        <source>会议已取消：下列出席登记仅作保留，不计入任何统计。</source>
        <translation>Meeting cancelled: the marks below are kept for the record and counted nowhere.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="335" />
        <source>应到 %1 人　实到 %2 人（迟到 %3）　请假 %4 人　缺席 %5 人　未登记 %6 人</source>
        <translation>Expected %1 · Present %2 (late %3) · Leave %4 · Absent %5 · Unmarked %6</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="339" />
        <source>　（不计入应到 %1 人）</source>
        <translation> (excluded: %1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="345" />
        <source>有表决权党员 应到 %1 实到 %2</source>
        <translation>Voting members: expected %1, present %2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="349" />
        <source>已达到表决人数</source>
        <translation>Quorum for a vote reached</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="352" />
        <source>未达到表决人数</source>
        <translation>No quorum for a vote</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_panel.py" line="357" />
        <source>未保存</source>
        <translation>Not saved</translation>
    </message>
</context>
<context>
    <name>AttendanceTableModel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="100" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="100" />
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="100" />
        <source>职务</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="100" />
        <source>出席</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="100" />
        <source>迟到</source>
        <translation>Late</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="101" />
        <source>请假</source>
        <translation>Leave</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="101" />
        <source>缺席</source>
        <translation>Absent</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="101" />
        <source>原因 / 备注</source>
        <translation>Reason / note</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="129" />
        <source>不计入应到：%1</source>
        <translation>Excluded: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="132" />
        <source>不在应到名单中（另一台电脑登记）</source>
        <translation>Not on the expected list (marked on another PC)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/attendance_model.py" line="148" />
        <source>点击登记为“%1”</source>
        <translation>Click to mark as "%1"</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="21" />
        <source>个人信息使用记录</source>
        <translation>Personal data access log</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="22" />
        <source>查看完整身份证号、导出或打印完整号码都会记录在这里，并同步给乡镇和县。</source>
        <translation>Every time full ID numbers are shown, exported or printed it is recorded here and synced to the township and county.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="26" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="26" />
        <source>用户</source>
        <translation>User</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="26" />
        <source>电脑</source>
        <translation>PC</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="26" />
        <source>操作</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="26" />
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="27" />
        <source>党员</source>
        <translation>Member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="27" />
        <source>内容</source>
        <translation>What</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/audit_dialog.py" line="43" />
        <source>还没有记录。</source>
        <translation>Nothing recorded yet.</translation>
    </message>
</context>
<context>
    <name>Confirm</name>
    <message>
        <location filename="../../ebranch_desktop/ui/confirm.py" line="14" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="43" />
        <source>会议</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="44" />
        <source>党员</source>
        <translation>Member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="45" />
        <source>出席登记</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="46" />
        <source>组织</source>
        <translation>Organization</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="47" />
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="65" />
        <source>处理同步冲突</source>
        <translation>Resolve sync conflicts</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="174" />
        <source>原来</source>
        <translation>Before</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="174" />
        <source>项目</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="174" />
        <source>上次同步时的内容</source>
        <translation>as at the last sync</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="175" />
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="199" />
        <source>本机</source>
        <translation>This PC</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="175" />
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="199" />
        <source>服务器</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="83" />
        <source>全部保留本机</source>
        <translation>Keep this PC for all</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="84" />
        <source>全部采用服务器</source>
        <translation>Take the server for all</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="85" />
        <source>按所选处理</source>
        <translation>Apply my choices</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="86" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="112" />
        <source>同一条记录在本机和服务器上都被修改了。请逐项选择保留哪一方；只在一方修改的字段已自动合并。处理结果会在下次同步时上传。</source>
        <translation>This record was changed both on this PC and on the server. Choose which side to keep for each field; fields changed on one side only were merged automatically. The result is uploaded at the next sync.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="116" />
        <source>黄底加下划线的是与“原来”相比改动或新增的内容。</source>
        <translation>Underlined on yellow: what was changed or added compared with “Before”.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="133" />
        <source>被服务器拒绝的记录（修改后会重新上传）：</source>
        <translation>Records the server refused (they are uploaded again once edited):</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="145" />
        <source>没有待处理的冲突。</source>
        <translation>No conflicts to resolve.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="170" />
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="172" />
        <source>%1 修改于 %2</source>
        <translation>changed by %1 on %2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="170" />
        <source>本机用户</source>
        <translation>a user of this PC</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="171" />
        <source>时间不详</source>
        <translation>time unknown</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="172" />
        <source>其他设备</source>
        <translation>another device</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="173" />
        <source>时间不详（%1 同步时发现）</source>
        <translation>time unknown (found at the sync of %1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="195" />
        <source>两边都改了</source>
        <translation>changed on both sides</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="200" />
        <source>只有%1改了，已自动合并</source>
        <translation>changed on %1 only, merged by itself</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="210" />
        <source>用本机的</source>
        <translation>Keep this PC's</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="210" />
        <source>用服务器的</source>
        <translation>Take the server's</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/conflict_dialog.py" line="250" />
        <source>请为每个冲突项目选择保留哪一方：%1</source>
        <translation>Choose a side for each field in conflict: %1</translation>
    </message>
</context>
<context>
    <name>DemoActions</name>
    <message>
        <location filename="../../ebranch_desktop/ui/demo_actions.py" line="28" />
        <source>模拟断网（停止本地演示服务器）</source>
        <translation>Pull the cable (stop the local demo server)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/demo_actions.py" line="29" />
        <source>恢复网络（启动本地演示服务器）</source>
        <translation>Plug it back in (start the local demo server)</translation>
    </message>
</context>
<context>
    <name>DuplicatesDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="33" />
        <source>可能重复的会议</source>
        <translation>Likely duplicate meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="36" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="36" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="36" />
        <source>会议一（保留）</source>
        <translation>Meeting 1 (kept)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="37" />
        <source>会议二</source>
        <translation>Meeting 2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="44" />
        <source>合并为一次（出席登记并入会议一）</source>
        <translation>Merge into one (attendance moves to meeting 1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="45" />
        <source>是两次不同的会议</source>
        <translation>They are two different meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="46" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/duplicates_dialog.py" line="50" />
        <source>同一党支部、同一天、同一类型的会议在两台电脑上各录了一次。请确认是否为同一次会议。</source>
        <translation>A meeting of the same branch, day and type was entered on two PCs. Please confirm whether it is the same meeting.</translation>
    </message>
</context>
<context>
    <name>FieldText</name>
    <message>
        <location filename="../../ebranch_desktop/ui/field_text.py" line="26" />
        <source>已删除</source>
        <translation>deleted</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/field_text.py" line="27" />
        <source>未删除</source>
        <translation>not deleted</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/field_text.py" line="31" />
        <source>是</source>
        <translation>yes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/field_text.py" line="31" />
        <source>否</source>
        <translation>no</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/field_text.py" line="47" />
        <source>%1（同意 %2，反对 %3，弃权 %4）</source>
        <translation>%1 (for %2, against %3, abstaining %4)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/field_text.py" line="77" />
        <source>（已清空）</source>
        <translation>(cleared)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/field_text.py" line="79" />
        <source>（空）</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>FileDialogs</name>
    <message>
        <location filename="../../ebranch_desktop/ui/file_dialogs.py" line="20" />
        <source>位置(&amp;I)：</source>
        <translation>Look &amp;in:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/file_dialogs.py" line="21" />
        <source>文件类型(&amp;T)：</source>
        <translation>Files of &amp;type:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/file_dialogs.py" line="22" />
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/file_dialogs.py" line="23" />
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/file_dialogs.py" line="24" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>ForgotPasswordDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="84" />
        <source>忘记密码</source>
        <translation>Forgot password</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="85" />
        <source>请输入乡镇保存的恢复码，为本机账号设置新的密码。这只改变本机的密码；省级平台的密码请联系乡镇组织委员重置。</source>
        <translation>Enter the recovery code kept by the township and choose a new password for this PC. This changes only the password on this PC; to reset the provincial account's password, ask the township officer.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="101" />
        <source>设置新密码</source>
        <translation>Set new password</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="105" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="106" />
        <source>恢复码</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="107" />
        <source>新密码</source>
        <translation>New password</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="108" />
        <source>再次输入</source>
        <translation>Repeat</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="120" />
        <source>请填写用户名、恢复码和新密码</source>
        <translation>Enter the user name, the recovery code and a new password</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="123" />
        <source>两次输入的新密码不一致</source>
        <translation>The two new passwords differ</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="126" />
        <source>正在打开工作区…</source>
        <translation>Opening the workspace…</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/help_dialog.py" line="27" />
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="50" />
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
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="61" />
        <source>取消导入</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="62" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="100" />
        <source>导入完成：共 %1 行，新增 %2 人，更新 %3 人，未变 %4 人。</source>
        <translation>Import finished: %1 rows, %2 added, %3 updated, %4 unchanged.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="113" />
        <source>有 %1 行不合格，没有导入任何数据。请按下表修改文件后重新导入。</source>
        <translation>%1 rows were rejected and nothing was imported. Fix the file as listed below and import it again.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="119" />
        <source>导入失败，没有导入任何数据：%1</source>
        <translation>Import failed, nothing was imported: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/import_dialog.py" line="123" />
        <source>已取消，没有导入任何数据。</source>
        <translation>Cancelled; nothing was imported.</translation>
    </message>
</context>
<context>
    <name>LeaveDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="117" />
        <source>离开本支部：%1</source>
        <translation>Leaving the branch: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="120" />
        <source>组织关系转出（转往本工作区以外）</source>
        <translation>Transferred out (to an organization outside this workspace)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="121" />
        <source>去世</source>
        <translation>Died</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="122" />
        <source>出党（开除党籍、除名、退党等）</source>
        <translation>Left the Party (expelled, removed, withdrew …)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="123" />
        <source>停止党籍</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="128" />
        <source>转往的党组织名称</source>
        <translation>Name of the receiving organization</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="130" />
        <source>记录保留在本支部的历史中；此后该党员不再出现在名册和新的应到名单中。</source>
        <translation>The record stays in this branch's history; from that day the member no longer appears in the roster or in new expected lists.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="133" />
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="134" />
        <source>原因</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="135" />
        <source>转往何处</source>
        <translation>Transferred to</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="44" />
        <source>忘记密码？用恢复码打开</source>
        <translation>Forgot the password? Open with the recovery code</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="71" />
        <source>e支部 · 组织生活记录</source>
        <translation>e-Branch · Organizational life</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="74" />
        <source>欢迎使用。第一次使用请联网，用省级平台的账号和密码登录：本支部的党员名册和会议记录会下载到这台电脑，并加密保存。之后没有网络也能登录、记录会议，联网后自动同步。</source>
        <translation>Welcome. The first time, connect to the network and sign in with your provincial account: your branch's roster and meeting records are downloaded to this PC and stored encrypted. After that you can sign in and record meetings without a network; everything syncs when the network is back.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="76" />
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="79" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="78" />
        <source>已退出登录。未同步的修改仍保存在本机，下次登录后会自动上传。</source>
        <translation>Signed out. Changes not yet synced stay on this PC and are uploaded after the next sign-in.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="82" />
        <source>已锁定，数据已隐藏并加密。请 %1 输入密码解锁，或换一个账号登录。</source>
        <translation>Locked: the data is hidden and encrypted. %1, enter your password to unlock, or sign in with another account.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="83" />
        <source>已锁定，数据已隐藏并加密。请输入密码解锁。</source>
        <translation>Locked: the data is hidden and encrypted. Enter the password to unlock.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/lock_page.py" line="84" />
        <source>解锁</source>
        <translation>Unlock</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="60" />
        <location filename="../../ebranch_desktop/ui/main_window.py" line="345" />
        <source>e支部 · 组织生活记录</source>
        <translation>e-Branch · Organizational Life</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="70" />
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="71" />
        <source>党员名册</source>
        <translation>Member roster</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="76" />
        <location filename="../../ebranch_desktop/ui/main_window.py" line="161" />
        <location filename="../../ebranch_desktop/ui/main_window.py" line="284" />
        <source>报表</source>
        <translation>Reports</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="80" />
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="167" />
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="168" />
        <location filename="../../ebranch_desktop/ui/main_window.py" line="359" />
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="170" />
        <source>导入党员名册…</source>
        <translation>Import member roster…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="172" />
        <source>个人信息使用记录…</source>
        <translation>Personal data access log…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="174" />
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="186" />
        <source>同步(&amp;Y)</source>
        <translation>S&amp;ync</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="187" />
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="189" />
        <source>处理同步冲突…</source>
        <translation>Resolve sync conflicts…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="191" />
        <source>同步记录…</source>
        <translation>Sync log…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="193" />
        <source>可能重复的会议…</source>
        <translation>Likely duplicate meetings…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="195" />
        <source>登录省级平台…</source>
        <translation>Sign in to the provincial platform…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="197" />
        <source>切换用户…</source>
        <translation>Switch user…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="199" />
        <source>锁定</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="202" />
        <source>退出登录</source>
        <translation>Sign out</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="210" />
        <source>演示(&amp;D)</source>
        <translation>&amp;Demo</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="212" />
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="215" />
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="216" />
        <source>使用说明</source>
        <translation>User guide</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="219" />
        <location filename="../../ebranch_desktop/ui/main_window.py" line="412" />
        <source>关于 e支部</source>
        <translation>About e-Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="304" />
        <source>当前：%1（%2 个党支部）</source>
        <translation>Showing: %1 (%2 branches)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="341" />
        <source>工作区还没有数据：请登录省级平台下载本支部数据（同步 → 登录）</source>
        <translation>The workspace is empty: sign in to the provincial platform to download your branch (Sync → Sign in)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="351" />
        <source>登录已过期或凭据未保存，请重新登录以继续同步。</source>
        <translation>Your sign-in expired or was not kept; sign in again to continue syncing.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="359" />
        <source>请先在左侧选择党支部</source>
        <translation>Please select a branch on the left first</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/main_window.py" line="413" />
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
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="83" />
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="84" />
        <source>出席登记</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="85" />
        <source>列席人员</source>
        <translation>Observers</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="86" />
        <source>会议记录</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="88" />
        <source>照片</source>
        <translation>Photos</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="97" />
        <source>登记为已召开</source>
        <translation>Record as held</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="98" />
        <source>取消会议…</source>
        <translation>Cancel meeting…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="99" />
        <source>恢复为计划</source>
        <translation>Back to planned</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="100" />
        <source>按当日名册更新应到名单…</source>
        <translation>Refresh expected list from that day's roster…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="102" />
        <source>应到名单在登记为已召开时按会议当日的名册确定，此后名册的变动不会改变它。如当时名册有误，更正名册后可在此重新确定（出席登记保留）。</source>
        <translation>The expected list was fixed from the roster of the meeting day when the meeting was recorded as held; later roster changes do not alter it. If that roster was wrong, correct it and take the list again here (marks are kept).</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="104" />
        <source>打印签到表</source>
        <translation>Print sign-in sheet</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="105" />
        <source>打印会议记录</source>
        <translation>Print minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="106" />
        <source>保存</source>
        <translation>Save</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="108" />
        <source>关闭</source>
        <translation>Close</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="225" />
        <source>此会议已被删除。</source>
        <translation>This meeting was deleted.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="233" />
        <source>服务器拒绝了这次修改：%1。改正后保存即可重新上传。</source>
        <translation>The server refused this change: %1. Correct it and save to upload it again.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="246" />
        <source>请先保存会议基本信息</source>
        <translation>Save the meeting details first</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="258" />
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="259" />
        <source>新建（保存后可登记出席）</source>
        <translation>New (attendance can be marked after saving)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="264" />
        <source>（原因：%1）</source>
        <translation> (reason: %1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="266" />
        <source>已取消的会议不计人数：已有的出席登记仅作保留，不计入任何统计。</source>
        <translation>A cancelled meeting has no attendance counts: marks already made are kept and counted nowhere.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="299" />
        <source>应到名单按会议当日名册计算（尚未确定）。</source>
        <translation>The expected list is worked out from the roster of the meeting day (not fixed yet).</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="301" />
        <source>应到名单已于 %1 由 %2 按会议当日名册更新。</source>
        <translation>Expected list refreshed from the meeting day's roster on %1 by %2.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="304" />
        <source>应到名单在登记为已召开时按会议当日名册确定，此后名册的变动不会改变它。</source>
        <translation>The expected list was fixed from the meeting day's roster when the meeting was recorded as held; later roster changes do not alter it.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="390" />
        <source>登记为已召开：%1</source>
        <translation>Recorded as held: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="393" />
        <source>取消会议</source>
        <translation>Cancel meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="393" />
        <source>请填写取消原因：</source>
        <translation>Reason for cancelling:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="398" />
        <source>取消会议：%1</source>
        <translation>Cancelled meeting: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="402" />
        <source>更新应到名单</source>
        <translation>Refresh expected list</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="403" />
        <source>按会议当日（%1）的党员名册重新确定应到名单？已有的出席登记保留；更新人和时间会记录在会议中。</source>
        <translation>Take the expected list again from the roster of the meeting day (%1)? Marks are kept; who refreshed it and when is recorded with the meeting.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="410" />
        <source>更新应到名单：%1</source>
        <translation>Expected list retaken: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="415" />
        <source>恢复为计划：%1</source>
        <translation>Back to planned: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="431" />
        <source>尚未保存</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_editor.py" line="431" />
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
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="59" />
        <source>（请选择）</source>
        <translation>(choose)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="71" />
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="72" />
        <source>会议类型</source>
        <translation>Meeting type</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="73" />
        <source>会议主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="74" />
        <source>开始时间</source>
        <translation>Start</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="76" />
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="77" />
        <source>主持人</source>
        <translation>Host</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="78" />
        <source>记录人</source>
        <translation>Recorder</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="79" />
        <source>党课主讲人</source>
        <translation>Lecturer</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="80" />
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="81" />
        <source>组织生活会形式</source>
        <translation>Held as</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="82" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meeting_form.py" line="136" />
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
</context>
<context>
    <name>MeetingsView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="59" />
        <source>全部类型</source>
        <translation>All types</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="63" />
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="73" />
        <source>搜索主题或地点</source>
        <translation>Search topic or place</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="85" />
        <source>新建会议</source>
        <translation>New meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="86" />
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="87" />
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="240" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="94" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="95" />
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="93" />
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="33" />
        <source>本月</source>
        <translation>This month</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="34" />
        <source>上月</source>
        <translation>Last month</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="35" />
        <source>本季度</source>
        <translation>This quarter</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="36" />
        <source>本年</source>
        <translation>This year</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="37" />
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="69" />
        <source>自定义</source>
        <translation>Custom</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="93" />
        <source>时间</source>
        <translation>Dates</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="94" />
        <source>到</source>
        <translation>To</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="205" />
        <source>共 %n 次会议</source>
        <translation>
            <numerusform>%n meeting</numerusform>
            <numerusform>%n meetings</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="213" />
        <source>请在左侧选择党支部或乡镇。还没有数据时，请先登录省级平台并同步。</source>
        <translation>Choose a branch or a township on the left. If there is no data yet, sign in to the provincial platform and sync first.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="216" />
        <source>没有符合条件的会议。
可以把“时间”改为“全部”、清除搜索内容，或点击下方“新建会议”。</source>
        <translation>No meeting matches.
Set “Dates” to “All”, clear the search, or click “New meeting” below.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="217" />
        <source>还没有会议记录。
点击下方“新建会议”登记第一次会议。</source>
        <translation>No meetings recorded yet.
Click “New meeting” below to record the first one.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="237" />
        <source>删除会议</source>
        <translation>Delete meeting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="238" />
        <source>确定删除“%1”（%2）吗？删除后会同步到服务器。</source>
        <translation>Delete "%1" (%2)? The deletion will be synced to the server.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="244" />
        <source>删除会议：%1</source>
        <translation>Deleted meeting: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/meetings_view.py" line="245" />
        <source>未删除</source>
        <translation>Not deleted</translation>
    </message>
</context>
<context>
    <name>MemberEditor</name>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="84" />
        <source>编辑党员信息</source>
        <translation>Edit member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="84" />
        <source>登记党员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="89" />
        <source>18位，末位可为X</source>
        <translation>18 characters; the last may be X</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="95" />
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="99" />
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="100" />
        <source>填写</source>
        <translation>Set</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="106" />
        <source>党小组组长</source>
        <translation>Party group leader</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="107" />
        <source>失联党员</source>
        <translation>Lost contact</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="108" />
        <source>失联日期</source>
        <translation>Lost contact on</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="109" />
        <source>流动党员</source>
        <translation>Mobile member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="111" />
        <source>外出流向：省/市/县</source>
        <translation>Destination: province/city/county</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="119" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="120" />
        <source>显示完整号码</source>
        <translation>Show full number</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="121" />
        <source>查看完整身份证号会被记录（谁、何时），供乡镇查阅</source>
        <translation>Viewing the full ID number is recorded (who, when) for the township</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="124" />
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="127" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="128" />
        <source>出生日期</source>
        <translation>Birth date</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="129" />
        <source>民族</source>
        <translation>Ethnicity</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="130" />
        <source>学历</source>
        <translation>Education</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="131" />
        <source>工作岗位</source>
        <translation>Occupation</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="132" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="133" />
        <source>家庭住址</source>
        <translation>Address</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="135" />
        <source>人员类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="136" />
        <source>加入党组织日期</source>
        <translation>Joined the Party</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="137" />
        <source>转为正式党员日期</source>
        <translation>Full membership from</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="138" />
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="139" />
        <source>支委职务</source>
        <translation>Committee role</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="141" />
        <source>党籍状态</source>
        <translation>Membership status</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="145" />
        <source>转入本支部</source>
        <translation>Came by transfer on</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="147" />
        <source>原党组织名称</source>
        <translation>Previous organization</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="151" />
        <source>组织关系转入</source>
        <translation>Transferred in</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="152" />
        <source>转入自</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="153" />
        <source>基本信息</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="153" />
        <source>党籍信息</source>
        <translation>Party membership</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="167" />
        <source>党籍经历（按日期）</source>
        <translation>Membership history (by date)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="189" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="258" />
        <source>日期不详</source>
        <translation>date not recorded</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="259" />
        <source>至今</source>
        <translation>now</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="262" />
        <source>（自 %1）</source>
        <translation> (from %1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="269" />
        <source>（至 %1）</source>
        <translation> (to %1)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="273" />
        <source>（按入党、转正日期推定；办理转接、离开或调整党小组后记录在案）</source>
        <translation>(Worked out from the joining and full-membership dates; written down once a transfer, a leave or a group change is recorded.)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_editor.py" line="274" />
        <source>无记录</source>
        <translation>No record</translation>
    </message>
</context>
<context>
    <name>MemberTableModel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="101" />
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="101" />
        <source>性别</source>
        <translation>Sex</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="101" />
        <source>人员类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="101" />
        <source>支委职务</source>
        <translation>Committee role</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="102" />
        <source>党小组</source>
        <translation>Party group</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="102" />
        <source>公民身份号码</source>
        <translation>ID number</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="102" />
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="103" />
        <source>入党日期</source>
        <translation>Joined</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="103" />
        <source>备注</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="103" />
        <source>同步</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="103" />
        <source>在本支部自</source>
        <translation>In branch since</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="121" />
        <source>流动党员</source>
        <translation>Mobile member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="123" />
        <source>失联</source>
        <translation>Lost contact</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="125" />
        <source>停止党籍</source>
        <translation>Suspended</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/member_table_model.py" line="130" />
        <source>不详</source>
        <translation>Not recorded</translation>
    </message>
</context>
<context>
    <name>MembersView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="55" />
        <source>登记党员</source>
        <translation>Add member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="56" />
        <source>编辑</source>
        <translation>Edit</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="57" />
        <source>组织关系转接…</source>
        <translation>Transfer…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="58" />
        <source>离开本支部…</source>
        <translation>Leaves branch…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="59" />
        <location filename="../../ebranch_desktop/ui/members_view.py" line="198" />
        <source>删除</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="60" />
        <source>导入名册…</source>
        <translation>Import roster…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="67" />
        <source>转到本工作区的另一个党支部（一次完成转出和转入）</source>
        <translation>Move to another branch of this workspace (out of one and into the other in one step)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="68" />
        <source>转出到本工作区以外、去世、出党或停止党籍</source>
        <translation>Transferred outside this workspace, died, left the Party or membership suspended</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="69" />
        <source>只用于删除录错的党员；党员离开请用“离开本支部”</source>
        <translation>Only for members entered by mistake; when a member leaves, use 'Leaves branch'</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="75" />
        <source>今天</source>
        <translation>Today</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="77" />
        <source>身份证号和电话已脱敏显示；打开党员信息可查看完整内容</source>
        <translation>ID and phone numbers are masked; open a member to see them in full</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="81" />
        <source>按姓名、党小组或职务查找</source>
        <translation>Find by name, party group or role</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="86" />
        <source>全部类别</source>
        <translation>All categories</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="92" />
        <source>名册日期</source>
        <translation>Roster of</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="94" />
        <source>人员类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="143" />
        <source>找到 %1 名（共 %2 名党员）</source>
        <translation>%1 found (of %2 members)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ebranch_desktop/ui/members_view.py" line="146" />
        <source>共 %n 名党员</source>
        <translation>
            <numerusform>%n member</numerusform>
            <numerusform>%n members</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="121" />
        <source>请先在左侧选择一个党支部</source>
        <translation>Select one branch on the left first</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="148" />
        <source>%1 的名册：</source>
        <translation>Roster of %1: </translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="153" />
        <source>没有符合条件的党员。请换一个查找内容或人员类别。</source>
        <translation>No member matches. Try other words or another category.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="155" />
        <source>本支部名册中还没有党员。
点击下方“登记党员”逐个添加，或“导入名册…”从 Excel 文件导入。</source>
        <translation>This branch's roster is empty.
Click “Add member” below to add members one by one, or “Import roster…” to read an Excel file.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="156" />
        <source>请在左侧选择党支部查看党员名册。</source>
        <translation>Choose a branch on the left to see its roster.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="156" />
        <source>所选范围内没有党员。</source>
        <translation>There are no members here.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="196" />
        <source>删除党员</source>
        <translation>Delete member</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="197" />
        <source>确定从名册中删除 %1 吗？已登记的出席记录会保留。</source>
        <translation>Remove %1 from the roster? Recorded attendance is kept.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="201" />
        <source>未删除</source>
        <translation>Not deleted</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="207" />
        <source>选择名册文件</source>
        <translation>Choose a roster file</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/members_view.py" line="207" />
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
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="49" />
        <source>添加决议</source>
        <translation>Add resolution</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="50" />
        <source>删除所选决议</source>
        <translation>Remove selected resolution</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="59" />
        <source>议题</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="61" />
        <source>发言要点</source>
        <translation>Speech notes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="63" />
        <source>会议记录</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/minutes_panel.py" line="65" />
        <source>决议及表决情况</source>
        <translation>Resolutions and votes</translation>
    </message>
</context>
<context>
    <name>OrgTreeView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/org_tree.py" line="33" />
        <source>组织树</source>
        <translation>Organization tree</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/org_tree.py" line="102" />
        <source>（待同步 %1）</source>
        <translation> (%1 waiting)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/org_tree.py" line="108" />
        <source>上次同步完毕：%1</source>
        <translation>Last fully synced: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/org_tree.py" line="108" />
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/org_tree.py" line="110" />
        <source>待上传 %1 条修改</source>
        <translation>%1 changes waiting to upload</translation>
    </message>
</context>
<context>
    <name>PhotosPanel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="58" />
        <source>照片（会议照片、签字的签到表扫描件）是可选的佐证材料，不影响会议记录的报送。双击查看原图。</source>
        <translation>Photos (of the meeting, a scanned signed sign-in sheet) are optional evidence; they never hold up handing in the record. Double-click to see the full photo.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="61" />
        <source>添加照片…</source>
        <translation>Add photos…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="63" />
        <source>删除选中的照片</source>
        <translation>Remove the selected photos</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="64" />
        <source>删除后可以撤销（Ctrl+Z）</source>
        <translation>A removal can be undone (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="92" />
        <source>签到表</source>
        <translation>Sign-in sheet</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="92" />
        <source>会议照片</source>
        <translation>Meeting photo</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="101" />
        <source>（缩略图将在同步后显示）</source>
        <translation>(the thumbnail shows after the next sync)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="120" />
        <source>图片 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</source>
        <translation>Pictures (*.jpg *.jpeg *.png *.bmp *.tif *.tiff)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="121" />
        <source>添加照片</source>
        <translation>Add photos</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="132" />
        <source>正在处理照片…</source>
        <translation>Preparing the photos…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="163" />
        <source>删除照片</source>
        <translation>Remove photos</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="177" />
        <source>原图尚未下载到本机，请联网同步后再查看。</source>
        <translation>The full photo is not on this PC yet; connect and sync, then open it again.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="179" />
        <source>正在下载原图…</source>
        <translation>Downloading the full photo…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="191" />
        <source>原图下载失败：%1</source>
        <translation>The full photo could not be downloaded: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/photos_panel.py" line="198" />
        <source>照片</source>
        <translation>Photos</translation>
    </message>
</context>
<context>
    <name>PrintDialogs</name>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="23" />
        <source>打印预览</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="24" />
        <source>保存为 PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="25" />
        <source>PDF 文件 (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="26" />
        <source>保存失败</source>
        <translation>Save failed</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="27" />
        <source>无法写入文件：%1</source>
        <translation>Cannot write the file: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="28" />
        <source>已保存</source>
        <translation>Saved</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="29" />
        <source>已保存 %1 页到：
%2</source>
        <translation>Saved %1 pages to:
%2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="30" />
        <source>无法打印</source>
        <translation>Cannot print</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="31" />
        <source>会议记录</source>
        <translation>Minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="32" />
        <source>签到表</source>
        <translation>Sign-in sheet</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="33" />
        <source>请选择：打印（先预览）或保存为 PDF 文件。</source>
        <translation>Choose: print (with a preview first) or save as a PDF file.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="34" />
        <source>打印预览…</source>
        <translation>Print preview…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="35" />
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/print_dialogs.py" line="36" />
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ReasonDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="11" />
        <source>外出务工</source>
        <translation>Working away from home</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="11" />
        <source>生病住院</source>
        <translation>In hospital</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="12" />
        <source>照顾生病家属</source>
        <translation>Caring for a sick relative</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="12" />
        <source>农忙</source>
        <translation>Farm work season</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="13" />
        <source>在外地参加培训</source>
        <translation>At a training course elsewhere</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="13" />
        <source>年老体弱行动不便</source>
        <translation>Old age, cannot get about</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="16" />
        <source>天气原因</source>
        <translation>Weather</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="16" />
        <source>防汛值守</source>
        <translation>Flood duty</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="17" />
        <source>上级临时工作安排</source>
        <translation>Urgent work from the higher organization</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="17" />
        <source>疫情防控</source>
        <translation>Epidemic control</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="18" />
        <source>改期召开</source>
        <translation>Postponed</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="21" />
        <source>出国出境6个月以上</source>
        <translation>Abroad for over 6 months</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="21" />
        <source>被羁押</source>
        <translation>In detention</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="22" />
        <source>长期卧床</source>
        <translation>Bedridden</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="22" />
        <source>外出6个月以上未转组织关系</source>
        <translation>Away over 6 months, membership not transferred</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="63" />
        <source>请假原因</source>
        <translation>Reason for leave</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reason_dialog.py" line="64" />
        <source>%1 请假，请填写原因：</source>
        <translation>%1 is on leave; please give the reason:</translation>
    </message>
</context>
<context>
    <name>RecoveryCodeDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="33" />
        <source>请保存恢复码</source>
        <translation>Keep the recovery code</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="35" />
        <source>本机的工作区已加密。下面的恢复码只显示这一次：请打印或抄写，交乡镇组织委员妥善保管。忘记密码、又无法联网时，凭恢复码可以打开工作区并设置新密码，未同步的记录不会丢失。</source>
        <translation>The workspace on this PC is encrypted. The recovery code below is shown only this once: print it or write it down and give it to the township officer to keep safe. If a password is forgotten and there is no network, the code opens the workspace and sets a new password; no unsynced record is lost.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="45" />
        <source>打印恢复码…</source>
        <translation>Print the recovery code…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="47" />
        <source>我已打印或抄写恢复码</source>
        <translation>I have printed or written down the recovery code</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="49" />
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/recovery_dialogs.py" line="71" />
        <source>&lt;h2&gt;e支部 工作区恢复码&lt;/h2&gt;&lt;p&gt;工作区：%1&lt;/p&gt;&lt;p style='font-size:20pt'&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/p&gt;&lt;p&gt;请妥善保管。忘记密码时，在登录窗口选择“忘记密码”，输入此恢复码。&lt;/p&gt;</source>
        <translation>&lt;h2&gt;e-Branch workspace recovery code&lt;/h2&gt;&lt;p&gt;Workspace: %1&lt;/p&gt;&lt;p style='font-size:20pt'&gt;&lt;b&gt;%2&lt;/b&gt;&lt;/p&gt;&lt;p&gt;Keep it safe. When a password is forgotten, choose “Forgot password” in the sign-in window and enter this code.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="43" />
        <source>未报送</source>
        <translation>Not handed in</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="44" />
        <source>已报送，待审核</source>
        <translation>Handed in, awaiting review</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="45" />
        <location filename="../../ebranch_desktop/ui/review_view.py" line="54" />
        <source>审核通过</source>
        <translation>Approved</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="46" />
        <source>已退回修改</source>
        <translation>Returned for changes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="53" />
        <source>报送</source>
        <translation>Hand in</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="55" />
        <source>退回修改</source>
        <translation>Return for changes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="56" />
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
</context>
<context>
    <name>ReviewBox</name>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="181" />
        <location filename="../../ebranch_desktop/ui/review_view.py" line="194" />
        <source>报送审核</source>
        <translation>Hand in for review</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="195" />
        <source>审核通过</source>
        <translation>Approve</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="196" />
        <source>退回修改</source>
        <translation>Return for changes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="197" />
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="225" />
        <source>审核状态：%1</source>
        <translation>Review: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="227" />
        <source>退回意见</source>
        <translation>Returned with</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="227" />
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="230" />
        <source>审核通过的会议记录只能查看；如需修改，请乡镇（街道）党委重新打开。</source>
        <translation>An approved record can only be viewed; to change it, the township must reopen it.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="244" />
        <source>报送说明（可选）</source>
        <translation>Note for the township (optional)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="245" />
        <source>退回意见（必填）</source>
        <translation>Comment (required)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="246" />
        <source>重新打开的原因（必填）</source>
        <translation>Reason for reopening (required)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="257" />
        <source>请先填写意见或原因。</source>
        <translation>Write the comment or reason first.</translation>
    </message>
</context>
<context>
    <name>ReviewModel</name>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="69" />
        <source>会议时间</source>
        <translation>Meeting time</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="69" />
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="69" />
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="69" />
        <source>主题</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="69" />
        <source>审核</source>
        <translation>Review</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="70" />
        <source>意见</source>
        <translation>Comment</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="70" />
        <source>报送人</source>
        <translation>Handed in by</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="70" />
        <source>照片</source>
        <translation>Photos</translation>
    </message>
</context>
<context>
    <name>ReviewView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="112" />
        <source>显示全部已报送的记录（含已通过）</source>
        <translation>Show every record handed in (approved too)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="124" />
        <source>打开</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="145" />
        <source>已报送的会议记录 %1 份</source>
        <translation>Records handed in: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="147" />
        <source>被退回、需要修改后重新报送的会议记录：%1 份</source>
        <translation>Records returned to be changed and handed in again: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/review_view.py" line="149" />
        <source>待审核的会议记录：%1 份</source>
        <translation>Records awaiting review: %1</translation>
    </message>
</context>
<context>
    <name>SettingsMenu</name>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="49" />
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="118" />
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="61" />
        <source>字体大小</source>
        <translation>Font size</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="66" />
        <source>标准</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="66" />
        <source>大</source>
        <translation>Large</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="66" />
        <source>特大</source>
        <translation>Extra large</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="68" />
        <source>%1（%2 磅）</source>
        <translation>%1 (%2 pt)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="78" />
        <source>无操作自动锁定</source>
        <translation>Lock when idle</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="84" />
        <source>%1 分钟后</source>
        <translation>After %1 minutes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="84" />
        <source>从不</source>
        <translation>Never</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="119" />
        <source>界面语言将改为 %1，需要重新启动程序。现在重新启动吗？
未同步的修改不受影响；正在编辑的会议请先保存。</source>
        <translation>The program restarts to show %1. Restart now?
Changes not yet synced are kept; save any meeting you are editing first.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="122" />
        <source>现在重新启动</source>
        <translation>Restart now</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/settings_menu.py" line="123" />
        <source>下次启动时再改</source>
        <translation>At the next start</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="42" />
        <source>登录省级平台</source>
        <translation>Sign in to the provincial platform</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="42" />
        <source>登录本机工作区</source>
        <translation>Sign in to this PC's workspace</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="55" />
        <source>可不填</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="56" />
        <source>可不填；省级平台使用自建证书时选择其根证书</source>
        <translation>Optional: the root certificate, if the provincial platform uses its own CA</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="57" />
        <source>选择…</source>
        <translation>Choose…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="68" />
        <source>本机没有可用的系统密钥环，登录凭据不会保存：每次启动都需要输入密码。</source>
        <translation>This PC has no usable system keyring, so the sign-in is not kept: you will enter the password at every start.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="73" />
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="74" />
        <source>忘记密码…</source>
        <translation>Forgot password…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="81" />
        <source>服务器地址</source>
        <translation>Server address</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="82" />
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="83" />
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="85" />
        <source>根证书</source>
        <translation>Root certificate</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="110" />
        <source>请填写服务器地址、用户名和密码</source>
        <translation>Please enter the server address, user name and password</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="111" />
        <source>请填写用户名和密码</source>
        <translation>Enter the user name and password</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="113" />
        <source>正在登录…</source>
        <translation>Signing in…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="134" />
        <source>选择根证书</source>
        <translation>Choose the root certificate</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="134" />
        <source>证书 (*.pem *.crt *.cer)</source>
        <translation>Certificates (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sign_in_dialog.py" line="148" />
        <source>登录失败：%1</source>
        <translation>Sign-in failed: %1</translation>
    </message>
</context>
<context>
    <name>SyncLogDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="32" />
        <source>同步记录</source>
        <translation>Sync log</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="33" />
        <source>本机修改过、后来在其他电脑上被改掉的内容（例如对方处理同步冲突时保留了自己的修改）。</source>
        <translation>What this PC changed and another PC changed afterwards (for example, when resolving a sync conflict there kept its own edit).</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="37" />
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="37" />
        <source>记录</source>
        <translation>Record</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="37" />
        <source>内容</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="37" />
        <source>本机的值</source>
        <translation>This PC's value</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="37" />
        <source>现在的值</source>
        <translation>Value now</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="38" />
        <source>由谁</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="48" />
        <source>（不详）</source>
        <translation>(unknown)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/sync_log_dialog.py" line="62" />
        <source>还没有记录：本机的修改都没有被其他电脑改掉。</source>
        <translation>Nothing yet: no edit of this PC was changed on another PC.</translation>
    </message>
</context>
<context>
    <name>SyncState</name>
    <message>
        <location filename="../../ebranch_desktop/ui/labels.py" line="95" />
        <source>已同步</source>
        <translation>Synced</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/labels.py" line="96" />
        <source>待同步</source>
        <translation>Pending</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/labels.py" line="97" />
        <source>冲突</source>
        <translation>Conflict</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/labels.py" line="98" />
        <source>被拒绝</source>
        <translation>Refused</translation>
    </message>
</context>
<context>
    <name>SyncStatusBar</name>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="28" />
        <source>历史记录仍在下载</source>
        <translation>History still arriving</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="29" />
        <source>已可使用：组织、党员和今年、去年的会议已下载；更早的会议记录正在后台下载</source>
        <translation>Ready to use: the organization, members and this and last year's meetings are in; older meetings are downloading in the background</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="46" />
        <source>取消同步</source>
        <translation>Cancel sync</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="49" />
        <source>立即同步</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="61" />
        <source>已锁定</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="63" />
        <source>○ 仅本机使用（未登录省级平台）</source>
        <translation>○ This PC only (not signed in to the platform)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="65" />
        <source>○ 未登录，暂停同步</source>
        <translation>○ Signed out: sync paused</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="67" />
        <source>… 正在连接</source>
        <translation>… Connecting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="69" />
        <source>● 在线</source>
        <translation>● Online</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="71" />
        <source>○ 离线</source>
        <translation>○ Offline</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="72" />
        <source>待同步 %1 条</source>
        <translation>%1 waiting</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="74" />
        <source>上次同步 %1</source>
        <translation>Last sync %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="74" />
        <source>尚未同步</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="79" />
        <source>⚠ %1 个冲突待处理</source>
        <translation>⚠ %1 conflicts to resolve</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="81" />
        <source>✘ %1 条被服务器拒绝</source>
        <translation>✘ %1 refused by the server</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="85" />
        <source>ⓘ 本机的 %1 处修改已在其他电脑上被改掉，查看同步记录</source>
        <translation>ⓘ %1 edit(s) of this PC were changed on another PC: see the sync log</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/status_bar.py" line="105" />
        <source>%p% · 约剩 %1 分钟</source>
        <translation>%p% · about %1 min left</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="78" />
        <source>组织关系转接：%1</source>
        <translation>Transfer: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="88" />
        <source>转往本工作区以外的党组织，请使用“离开本支部”，选择“组织关系转出”并填写转往何处。</source>
        <translation>For an organization outside this workspace, use 'Leaves branch', choose 'Transferred out' and name where to.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="91" />
        <source>转接日期</source>
        <translation>Date of transfer</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="92" />
        <source>转入党支部</source>
        <translation>Receiving branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="93" />
        <source>转入后的党小组</source>
        <translation>Party group there</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="96" />
        <source>本工作区没有其他党支部。</source>
        <translation>This workspace has no other branch.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/membership_dialogs.py" line="101" />
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>UndoNotice</name>
    <message>
        <location filename="../../ebranch_desktop/ui/undo.py" line="72" />
        <source>撤销</source>
        <translation>Undo</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/undo.py" line="73" />
        <source>撤销上一步（Ctrl+Z）</source>
        <translation>Undo the last step (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/undo.py" line="81" />
        <source>已保存：%1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/undo.py" line="82" />
        <source>已撤销：%1</source>
        <translation>Undone: %1</translation>
    </message>
</context>
</TS>
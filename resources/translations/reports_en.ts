<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AbsencePage</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="35"/>
        <source>截至日期：</source>
        <translation>As of:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="37"/>
        <source>× 满6个月：党章规定连续六个月不参加组织生活且无正当理由的，按自行脱党处理，请及时核实、谈话。△ 满5个月&#x3000;○ 满3个月&#x3000;— 经批准不计应到。</source>
        <translation>× 6 months: under the Party Constitution, a member absent from organizational life for six consecutive months without good reason is treated as having left the Party; check and talk with them soon. △ 5 months   ○ 3 months   — excluded with approval.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="63"/>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="63"/>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="102"/>
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="63"/>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="102"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="63"/>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="102"/>
        <source>最后参加</source>
        <translation>Last attended</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="64"/>
        <source>最后参加的会议</source>
        <translation>Last meeting attended</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="64"/>
        <source>起算日期</source>
        <translation>Counted from</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="64"/>
        <source>连续月数</source>
        <translation>Months</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="65"/>
        <source>其间请假</source>
        <translation>Leaves since</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="65"/>
        <source>其间缺席</source>
        <translation>Absences since</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="65"/>
        <source>说明</source>
        <translation>Note</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="70"/>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="104"/>
        <source>无记录</source>
        <translation>No record</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="71"/>
        <source>%1：%2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="75"/>
        <source>%1（%2）</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="89"/>
        <source>检查 %1 人，预警 %2 人，其中满%3个月 %4 人</source>
        <translation>%1 members checked, %2 on the watch list, %4 of them at %3 months or more</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="99"/>
        <source>资料不全 %1 人：没有入党日期，也没有转入本支部的日期，无法计算缺勤时间，不作预警。请在党员信息中补录。</source>
        <translation>Missing dates, %1 members: neither a joining date nor a date of transfer into the branch, so their absence cannot be measured and they are not warned about. Please add the dates in the member form.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/absence_page.py" line="109"/>
        <source>全部党支部</source>
        <translation>All branches</translation>
    </message>
</context>
<context>
    <name>AttendanceChart</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_chart.py" line="52"/>
        <source>召开会议（次）</source>
        <translation>Meetings held</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_chart.py" line="60"/>
        <source>出席率（%）</source>
        <translation>Attendance rate (%)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_chart.py" line="80"/>
        <source>月份</source>
        <translation>Month</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_chart.py" line="86"/>
        <source>会议次数</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_chart.py" line="92"/>
        <source>出席率</source>
        <translation>Attendance rate</translation>
    </message>
</context>
<context>
    <name>AttendancePage</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="50"/>
        <source>从</source>
        <translation>From</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="50"/>
        <source>到</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="51"/>
        <source>图表：</source>
        <translation>Chart:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="59"/>
        <source>各党支部</source>
        <translation>Branches</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="60"/>
        <source>党员个人</source>
        <translation>Members</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="79"/>
        <source>应到</source>
        <translation>Expected</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="79"/>
        <source>实到</source>
        <translation>Present</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="79"/>
        <source>请假</source>
        <translation>Leave</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="79"/>
        <source>缺席</source>
        <translation>Absent</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="79"/>
        <source>出席率</source>
        <translation>Attendance rate</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="85"/>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="89"/>
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="85"/>
        <source>召开会议</source>
        <translation>Meetings held</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="89"/>
        <source>姓名</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="97"/>
        <source>全部（合计）</source>
        <translation>All (total)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="102"/>
        <source>合计出席率 %1</source>
        <translation>Overall attendance rate %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="110"/>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="115"/>
        <source>全部党支部</source>
        <translation>All branches</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/attendance_page.py" line="112"/>
        <source>%1 每月出席率与召开会议次数</source>
        <translation>%1: monthly attendance rate and meetings held</translation>
    </message>
</context>
<context>
    <name>CompliancePage</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="36"/>
        <source>√ 达标&#x3000;× 未达标（列出缺少的月份）&#x3000;○ 本期尚未结束&#x3000;— 本期不考核；数字为 已开/应开。只计已召开的会议。</source>
        <translation>√ met   × gap (missing months listed)   ○ period not over   — not assessed in this period; figures are held/required. Only meetings actually held count.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="54"/>
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="54"/>
        <source>缺口</source>
        <translation>Gaps</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="55"/>
        <source>审核（报送/待审/通过/退回）</source>
        <translation>Review (handed in/waiting/approved/returned)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="60"/>
        <source>%1：%2，%3</source>
        <translation>%1: %2, %3</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="63"/>
        <source>缺：%1</source>
        <translation>Missing: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="65"/>
        <source>尚未结束：%1</source>
        <translation>Not over yet: %1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="70"/>
        <source>已召开 %1 次，报送 %2，待审核 %3，审核通过 %4，退回 %5</source>
        <translation>Held %1, handed in %2, awaiting review %3, approved %4, returned %5</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="80"/>
        <source>%1：未达标 %2 次（截至 %3）；待审核 %4 份</source>
        <translation>%1: %2 gaps (as of %3); %4 records awaiting review</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/compliance_page.py" line="86"/>
        <source>全部党支部</source>
        <translation>All branches</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="52"/>
        <source>全部日期</source>
        <translation>All dates</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="53"/>
        <source>Excel 工作簿（.xlsx）</source>
        <translation>Excel workbook (.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="54"/>
        <source>CSV 文本（.csv，UTF-8）</source>
        <translation>CSV text (.csv, UTF-8)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="56"/>
        <source>完整导出身份证号和电话</source>
        <translation>Full ID and phone numbers</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="57"/>
        <source>只用于党员名册。这是敏感个人信息，默认脱敏导出，完整导出前会再次确认。</source>
        <translation>For the roster only. This is sensitive personal information: it is masked unless you choose this, and you are asked again before a full export.</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="61"/>
        <source>至</source>
        <translation>to</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="68"/>
        <source>会议日期：</source>
        <translation>Meeting dates:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="69"/>
        <source>文件格式：</source>
        <translation>File format:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="74"/>
        <source>导出会议</source>
        <translation>Export meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="74"/>
        <source>导出出席记录</source>
        <translation>Export attendance</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="75"/>
        <source>导出党员名册</source>
        <translation>Export member roster</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="83"/>
        <source>%v / %m 行</source>
        <translation>%v / %m rows</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="84"/>
        <source>取消导出</source>
        <translation>Cancel export</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="91"/>
        <source>打开文件</source>
        <translation>Open file</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="92"/>
        <source>打开所在文件夹</source>
        <translation>Open folder</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="117"/>
        <source>确认完整导出</source>
        <translation>Confirm full export</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="118"/>
        <source>完整导出会把公民身份号码和联系电话原样写入文件。这是敏感个人信息（个人信息保护法），只应交给确有需要的人，并妥善保管。

确定要完整导出吗？</source>
        <translation>A full export writes ID numbers and phone numbers unmasked into the file. This is sensitive personal information (Personal Information Protection Law): give it only to those who need it, and keep it safe.

Export in full?</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="120"/>
        <source>完整导出</source>
        <translation>Export in full</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="137"/>
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="137"/>
        <source>出席记录</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="137"/>
        <source>党员名册</source>
        <translation>Member roster</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="128"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="128"/>
        <source>CSV 文本 (*.csv)</source>
        <translation>CSV text (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="129"/>
        <source>导出到</source>
        <translation>Export to</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="157"/>
        <source>正在导出…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="165"/>
        <source>已导出 %1 行到：%2</source>
        <translation>Exported %1 rows to: %2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="167"/>
        <source>导出失败：</source>
        <translation>Export failed: </translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/export_page.py" line="168"/>
        <source>已取消，没有写入文件。</source>
        <translation>Cancelled; no file was written.</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="24"/>
        <source>按季度</source>
        <translation>By quarter</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="24"/>
        <source>按月</source>
        <translation>By month</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="24"/>
        <source>按年</source>
        <translation>By year</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="29"/>
        <source> 年</source>
        <translation> </translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="33"/>
        <source>统计期间：</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="47"/>
        <source>第一季度</source>
        <translation>Q1</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="47"/>
        <source>第二季度</source>
        <translation>Q2</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="47"/>
        <source>第三季度</source>
        <translation>Q3</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="48"/>
        <source>第四季度</source>
        <translation>Q4</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ebranch_desktop/ui/reports/period_picker.py" line="53"/>
        <source>%n 月</source>
        <translation>
            <numerusform>Month %n</numerusform>
            <numerusform>Month %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReportPage</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="87"/>
        <source>打印…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="88"/>
        <source>保存为 PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="89"/>
        <source>导出 Excel/CSV…</source>
        <translation>Export Excel/CSV…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="140"/>
        <source>正在计算…</source>
        <translation>Computing…</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="164"/>
        <source>无法计算：</source>
        <translation>Could not compute: </translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="174"/>
        <source>导出</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="175"/>
        <source>Excel 工作簿 (*.xlsx)</source>
        <translation>Excel workbook (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="176"/>
        <source>CSV 文件（UTF-8）(*.csv)</source>
        <translation>CSV file, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="179"/>
        <source>导出完成</source>
        <translation>Export finished</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="180"/>
        <source>已导出到：
</source>
        <translation>Exported to:
</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/report_page.py" line="197"/>
        <source>导出失败</source>
        <translation>Export failed</translation>
    </message>
</context>
<context>
    <name>ReportsView</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/reports_view.py" line="34"/>
        <source>会议落实情况</source>
        <translation>Meeting compliance</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/reports_view.py" line="35"/>
        <source>缺勤预警</source>
        <translation>Absence watch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/reports_view.py" line="36"/>
        <source>出席统计</source>
        <translation>Attendance</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/reports_view.py" line="37"/>
        <source>表决情况</source>
        <translation>Votes</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/reports_view.py" line="38"/>
        <source>数据导出</source>
        <translation>Export data</translation>
    </message>
</context>
<context>
    <name>VotesPage</name>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="49"/>
        <source>有效</source>
        <translation>Valid</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="50"/>
        <source>不足法定人数</source>
        <translation>No quorum</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="54"/>
        <source>通过</source>
        <translation>Passed</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="55"/>
        <source>未通过</source>
        <translation>Not passed</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="57"/>
        <source>（票数待核对）</source>
        <translation>(check the vote count)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="58"/>
        <source>票数合计多于到会有表决权的党员，请核对记录</source>
        <translation>More votes were recorded than voting members present; please check the record</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="62"/>
        <source>（无表决事项）</source>
        <translation>(no resolution)</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="66"/>
        <source>日期</source>
        <translation>Date</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="66"/>
        <source>党支部</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="66"/>
        <source>会议</source>
        <translation>Meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="66"/>
        <source>应到有表决权</source>
        <translation>Voting members expected</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="67"/>
        <source>实到有表决权</source>
        <translation>Voting members present</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="67"/>
        <source>表决有效性</source>
        <translation>Vote valid</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="67"/>
        <source>决议事项</source>
        <translation>Resolution</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="67"/>
        <source>赞成</source>
        <translation>For</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="68"/>
        <source>反对</source>
        <translation>Against</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="68"/>
        <source>弃权</source>
        <translation>Abstain</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="68"/>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="72"/>
        <source>%1 共 %2 次党员大会</source>
        <translation>%1: %2 general meetings</translation>
    </message>
    <message>
        <location filename="../../ebranch_desktop/ui/reports/votes_page.py" line="77"/>
        <source>全部党支部</source>
        <translation>All branches</translation>
    </message>
</context>
</TS>

import Foundation
import PinganCore

/// Every word a report prints, one dictionary per language: a page is drawn once per language
/// from the same assembled report, and a word missing in one language is a compile error, not a
/// blank on the page. Category and rule names come from their own catalogues in both languages.
struct ReportWords: Sendable {
    let language: Report.Language
    // Titles and sections.
    let dailyTitle: String, dutyTitle: String, generated: String, partial: String, noData: String, none: String
    let summary: String, trend: String, trendNote: String, trendRateNote: String, categories: String, parts: String, hotspots: String, hotspotsNote: String
    let places: String, forecast: String, forecastNote: String, mapTitle: String, mapLegend: String, notable: String, priorityOne: String
    let highRisk: String, merged: String, mergedNote: String, mergeHeads: String, overdue: String, overdueNote: String, alerts: String, referrals: String
    let attention: String, definitions: String, dailyDefinitions: [String]
    // Figures.
    let figure: String, day: String, previous: String, yearBefore: String, change: String
    let incidents: String, p1: String, closureRate: String, overdueRate: String, callToDispatch: String, callToArrivalMedian: String
    let callToArrivalP90: String, within1: String, within3: String, within5: String, metRate: String, referred: String, highRiskCount: String
    let mergedCount: String, alertsRaised: String, arrivals: String
    // Columns.
    let number: String, time: String, received: String, category: String, priority: String, address: String, status: String
    let outcome: String, units: String, due: String, given: String, lateBy: String, notGiven: String, rank: String, count: String
    let topCategory: String, centre: String, score: String, name: String, kind: String, severity: String, agency: String
    let sent: String, feedbackDue: String, answered: String, limitsPassed: String, acknowledge: String, handle: String, otherStation: String
    // Duty log.
    let shifts: String, shift: String, from: String, to: String, onDuty: String, unitsOnDuty: String, dutyChart: String
    let handled: String, handovers: String, openAtChange: String, offDutyWhileOpen: String, dutyDefinitions: [String]
    let callsign: String, unitKind: String, minutesOnDuty: String, worked: String, stationOpen: String, changeAt: String
    let dispatched: String, onScene: String, resolved: String, closed: String, noShiftChange: String, dutyChanges: String
    let wentOn: String, wentOff: String, statusAtEnd: String, unitWorked: String
    // Patrol compliance.
    let patrol: String, zone: String, presence: String, required: String, pointsVisited: String, distance: String, gaps: String
    let outOfZone: String, kept: String, inProgress: String, notKept: String, patrolNote: String

    static func of(_ language: Report.Language) -> ReportWords { language == .zh ? zh : en }

    func incidentStatus(_ s: IncidentStatus) -> String {
        switch (language, s) {
        case (.zh, .received): "已接警"
        case (.zh, .dispatched): "已派警"
        case (.zh, .enRoute): "途中"
        case (.zh, .onScene): "到场"
        case (.zh, .resolved): "已处置"
        case (.zh, .closed): "已结案"
        case (.zh, .cancelled): "已撤销"
        case (.zh, .reopened): "重新打开"
        case (.zh, .referred): "已分流"
        case (.en, .received): "received"
        case (.en, .dispatched): "dispatched"
        case (.en, .enRoute): "en route"
        case (.en, .onScene): "on scene"
        case (.en, .resolved): "resolved"
        case (.en, .closed): "closed"
        case (.en, .cancelled): "cancelled"
        case (.en, .reopened): "reopened"
        case (.en, .referred): "referred"
        }
    }

    func alertStatus(_ s: Alert.Status) -> String {
        switch (language, s) {
        case (.zh, .received): "待签收"
        case (.zh, .acknowledged): "已签收"
        case (.zh, .handled): "已处置"
        case (.zh, .falseAlarm): "误报"
        case (.en, .received): "received"
        case (.en, .acknowledged): "acknowledged"
        case (.en, .handled): "handled"
        case (.en, .falseAlarm): "false alarm"
        }
    }

    func alertKind(_ k: Alert.Kind) -> String {
        switch (language, k) {
        case (.zh, .watchlistHit): "布控比中"
        case (.zh, .crowdWarning): "人流预警"
        case (.zh, .crowdAlarm): "人流告警"
        case (.zh, .crowdRise): "人流骤增"
        case (.zh, .sensorOffline): "设备离线"
        case (.zh, .alarmButton): "一键报警"
        case (.zh, .external): "外部预警"
        case (.zh, .coverageGap): "巡防覆盖不足"
        case (.en, .watchlistHit): "watchlist hit"
        case (.en, .crowdWarning): "crowd warning"
        case (.en, .crowdAlarm): "crowd alarm"
        case (.en, .crowdRise): "crowd rise"
        case (.en, .sensorOffline): "sensor offline"
        case (.en, .alarmButton): "alarm button"
        case (.en, .external): "external"
        case (.en, .coverageGap): "patrol coverage gap"
        }
    }

    func severity(_ s: AlertSeverity) -> String {
        switch (language, s) {
        case (.zh, .minor): "一般"
        case (.zh, .moderate): "较重"
        case (.zh, .severe): "严重"
        case (.zh, .extreme): "特别严重"
        case (.en, _): s.rawValue
        }
    }

    func referralStatus(_ s: Referral.Status) -> String {
        switch (language, s) {
        case (.zh, .sent): "已发送"
        case (.zh, .accepted): "已接收"
        case (.zh, .inProgress): "办理中"
        case (.zh, .done): "已办结"
        case (.zh, .returned): "已退回"
        case (.zh, .withdrawn): "已撤回"
        case (.en, .sent): "sent"
        case (.en, .accepted): "accepted"
        case (.en, .inProgress): "in progress"
        case (.en, .done): "done"
        case (.en, .returned): "returned"
        case (.en, .withdrawn): "withdrawn"
        }
    }

    func unitKind(_ k: UnitKind) -> String {
        switch (language, k) {
        case (.zh, .patrolCar): "巡逻车"
        case (.zh, .footPatrol): "步巡"
        case (.zh, .ptu): "特警"
        case (.zh, .traffic): "交警"
        case (.zh, .motorbike): "摩托"
        case (.zh, .drone): "无人机"
        case (.en, .patrolCar): "patrol car"
        case (.en, .footPatrol): "foot patrol"
        case (.en, .ptu): "PTU"
        case (.en, .traffic): "traffic"
        case (.en, .motorbike): "motorbike"
        case (.en, .drone): "drone"
        }
    }

    func unitStatus(_ s: UnitStatus) -> String {
        switch (language, s) {
        case (.zh, .available): "空闲"
        case (.zh, .dispatched): "已派"
        case (.zh, .enRoute): "途中"
        case (.zh, .onScene): "现场"
        case (.zh, .outOfService): "暂停服务"
        case (.zh, .offDuty): "下班"
        case (.en, .available): "available"
        case (.en, .dispatched): "dispatched"
        case (.en, .enRoute): "en route"
        case (.en, .onScene): "on scene"
        case (.en, .outOfService): "out of service"
        case (.en, .offDuty): "off duty"
        }
    }

    /// `template` with `{1}`, `{2}`… replaced by `values` (escape them first when the page is HTML).
    static func fill(_ template: String, _ values: String...) -> String {
        var out = template
        for (i, v) in values.enumerated() { out = out.replacingOccurrences(of: "{\(i + 1)}", with: v) }
        return out
    }

    /// A forecast method (`ForecastMethod.rawValue`) by its name.
    func forecastMethod(_ raw: String) -> String {
        switch (language, raw) {
        case (.zh, "prior_counts"): "历史计数"
        case (.zh, "kde"): "核密度估计"
        case (.zh, "prospective"): "前瞻热点（Bowers 等 2004）"
        case (.zh, "sepp"): "自激点过程（SEPP）"
        case (.en, "prior_counts"): "prior counts"
        case (.en, "kde"): "kernel density"
        case (.en, "prospective"): "prospective hotspotting (Bowers et al. 2004)"
        case (.en, "sepp"): "self-exciting point process (SEPP)"
        default: raw
        }
    }

    /// `n`-th shift.
    func shiftName(_ n: Int) -> String { language == .zh ? "第\(n)班" : "Shift \(n)" }

    /// A count and its change, `+3 (+12.5%)`.
    func countChange(_ now: Int, _ then: Int) -> String {
        let d = now - then
        let sign = d > 0 ? "+" : ""
        guard then > 0 else { return d == 0 ? "0" : "\(sign)\(d)" }
        return "\(sign)\(d) (\(sign)\(ReportFormat.decimal(100 * Double(d) / Double(then)))%)"
    }

    /// A share's change in percentage points.
    func shareChange(_ now: Double?, _ then: Double?) -> String {
        guard let now, let then else { return "—" }
        let d = 100 * (now - then)
        let text = (d > 0 ? "+" : "") + ReportFormat.decimal(d)
        return language == .zh ? text + "个百分点" : text + " pt"
    }

    /// A duration's change in seconds.
    func secondsChange(_ now: Double?, _ then: Double?) -> String {
        guard let now, let then else { return "—" }
        let d = (now - then).rounded()
        return (d > 0 ? "+" : d < 0 ? "−" : "") + duration(abs(d))
    }

    /// `1分05秒` / `1 min 05 s`, hours past an hour.
    func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        let h = s / 3600, m = s % 3600 / 60, sec = s % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        switch language {
        case .zh: return h > 0 ? "\(h)小时\(two(m))分" : m > 0 ? "\(m)分\(two(sec))秒" : "\(sec)秒"
        case .en: return h > 0 ? "\(h) h \(two(m)) min" : m > 0 ? "\(m) min \(two(sec)) s" : "\(sec) s"
        }
    }

    static let zh = ReportWords(
        language: .zh,
        dailyTitle: "三情研判日报", dutyTitle: "值班日志", generated: "生成时间", partial: "当日尚未结束，数据截至", noData: "无数据", none: "无",
        summary: "警情概况", trend: "近28日警情趋势", trendNote: "上图：每日接警数；红圈为本日。", trendRateNote: "下图：每日达标率（到场在时限内的比例）。", categories: "警情类别", parts: "下辖单位",
        hotspots: "当日热点网格", hotspotsNote: "边长{1}米网格中当日警情最多的格（至少2起）。", places: "多次报警地点",
        forecast: "明日预测热点", forecastNote: "方法：{1}，训练{2}天；虚线框，F为排名。", mapTitle: "警情分布图",
        mapLegend: "圆点为当日警情（红P1、橙P2、蓝P3、灰P4）；红框为当日热点网格，紫色虚线框为明日预测。",
        notable: "重点警情", priorityOne: "一级（P1）警情", highRisk: "高危警情", merged: "重复警情",
        mergedNote: "当日合并为重复警情的报警 {1} 起。", mergeHeads: "吸收了重复报警的警情如下：", overdue: "超时反馈警情",
        overdueNote: "反馈时限在当日到期而逾期反馈或尚未反馈的警情（截至生成时间）。", alerts: "预警", referrals: "警情分流",
        attention: "需关注", definitions: "口径说明",
        dailyDefinitions: [
            "日期按北京时间（UTC+8）自然日划分；警情按接警时间归日。",
            "环比为前一日，同比为上一年同月同日（2月29日对应2月28日），两者日期均已注明。",
            "到场时间为接警至首支警力到场；1/3/5分钟到场率以有到场记录的警情为分母。",
            "达标率：到场时间在该优先级时限内的警情占已判定警情的比例；结案率：已结案占未撤销警情的比例。",
            "超时反馈率：应在统计时点前反馈的警情中逾期或未反馈的比例（分流给其他部门的由该部门承担）。",
        ],
        figure: "指标", day: "本日", previous: "环比", yearBefore: "同比", change: "变化",
        incidents: "接警数", p1: "一级警情", closureRate: "结案率", overdueRate: "超时反馈率", callToDispatch: "接警至派警（中位）",
        callToArrivalMedian: "到场时间（中位）", callToArrivalP90: "到场时间（90%分位）", within1: "1分钟到场率", within3: "3分钟到场率",
        within5: "5分钟到场率", metRate: "达标率", referred: "分流警情", highRiskCount: "高危警情", mergedCount: "重复警情",
        alertsRaised: "预警数", arrivals: "有到场记录",
        number: "警情编号", time: "时间", received: "接警", category: "类别", priority: "等级", address: "地址", status: "状态",
        outcome: "处警结果", units: "处警警力", due: "反馈时限", given: "反馈时间", lateBy: "超时", notGiven: "未反馈", rank: "排名",
        count: "数量", topCategory: "主要类别", centre: "中心坐标", score: "得分", name: "名称", kind: "类型", severity: "级别",
        agency: "承办部门", sent: "发送", feedbackDue: "反馈时限", answered: "答复", limitsPassed: "已超时限", acknowledge: "签收",
        handle: "处置", otherStation: "外所警力",
        shifts: "班次", shift: "班次", from: "开始", to: "结束", onDuty: "在岗", unitsOnDuty: "在岗警力", dutyChart: "警力在岗时间轴",
        handled: "处警记录", handovers: "交接班", openAtChange: "交接时未结警情", offDutyWhileOpen: "有未结警情时下班的警力",
        dutyDefinitions: [
            "在岗：警力状态不为“下班”（空闲、已派、途中、现场、暂停服务均算在岗）。状态变化取自事件日志中的警力事件。",
            "交接班：同一小时内既有警力上岗又有警力下班的一组状态变化，以其中最早的时刻为交接时刻；班次为相邻交接时刻之间的时段，当日0时与24时为首末边界。",
            "单独的上岗或下班（如临时增援、就餐）不划分班次，列为班内在岗变化。",
            "处警记录：当日接警的警情，以及当日0时前接警、当日0时仍未结案的警情；状态以警情记录的各环节时间判定。",
        ],
        callsign: "呼号", unitKind: "类型", minutesOnDuty: "在岗时长", worked: "本班处警", stationOpen: "所内未结警情", changeAt: "交接时刻",
        dispatched: "派警", onScene: "到场", resolved: "处置完毕", closed: "结案", noShiftChange: "当日无交接班，全天为一个班次。",
        dutyChanges: "班内在岗变化", wentOn: "上岗", wentOff: "下班", statusAtEnd: "日终状态", unitWorked: "该警力处理过的未结警情",
        patrol: "巡逻考核", zone: "巡区", presence: "在区时长", required: "要求", pointsVisited: "必到点", distance: "里程", gaps: "失联",
        outOfZone: "无任务离区", kept: "达标", inProgress: "进行中", notKept: "未达标",
        patrolNote: "按各巡区巡逻方案的班次，以警力GPS轨迹计：在区时长、必到点停留、失联时段（超过5分钟无定位）、里程、无处警任务时离开巡区的时长。")

    static let en = ReportWords(
        language: .en,
        dailyTitle: "Daily situation report", dutyTitle: "Station duty log", generated: "Generated", partial: "The day is not over; figures as of",
        noData: "no data", none: "none",
        summary: "The day in figures", trend: "Incidents over the last 28 days", trendNote: "Above: calls received per day; the ringed point is the report's day.",
        trendRateNote: "Below: the share of judged calls reached within their priority's limit, per day.",
        categories: "Incidents by category", parts: "Units below", hotspots: "The day's hotspot cells",
        hotspotsNote: "The cells of a {1} m grid with the most of the day's calls (two or more).", places: "Addresses called from more than once",
        forecast: "Tomorrow's forecast hotspots", forecastNote: "Method: {1}, trained on {2} days; dashed cells, ranked F1, F2…",
        mapTitle: "Map of the day's incidents",
        mapLegend: "Dots are the day's calls (red P1, orange P2, blue P3, grey P4); red cells the day's hotspots, dashed purple cells tomorrow's forecast.",
        notable: "Notable incidents", priorityOne: "Priority 1 calls", highRisk: "High-risk calls", merged: "Duplicate calls",
        mergedNote: "{1} of the day's calls were merged as duplicates.", mergeHeads: "The incidents that took them:", overdue: "Overdue feedback",
        overdueNote: "Incidents whose feedback fell due on the day and came late or not at all (as of generation).", alerts: "Alerts",
        referrals: "Referrals", attention: "Needing attention", definitions: "Definitions",
        dailyDefinitions: [
            "Days are China Standard Time (UTC+8) calendar days; an incident belongs to the day its call came in.",
            "Compared with the day before (环比) and the same date a year before (同比; 29 February → 28 February); both dates are stated.",
            "Arrival time is call to first unit on scene; the 1/3/5-minute shares are of the incidents with an arrival.",
            "Met standard: arrivals within the priority's limit, of the incidents judged; closure rate: closed of those not cancelled.",
            "Overdue feedback: of the feedback due by the report's time, the share late or not given (referred incidents count for the agency).",
        ],
        figure: "Figure", day: "Day", previous: "Day before", yearBefore: "Year before", change: "Change",
        incidents: "Incidents", p1: "Priority 1", closureRate: "Closure rate", overdueRate: "Overdue feedback", callToDispatch: "Call to dispatch (median)",
        callToArrivalMedian: "Call to arrival (median)", callToArrivalP90: "Call to arrival (90th percentile)", within1: "Arrived within 1 min",
        within3: "Arrived within 3 min", within5: "Arrived within 5 min", metRate: "Met standard", referred: "Referred", highRiskCount: "High-risk",
        mergedCount: "Duplicates merged", alertsRaised: "Alerts raised", arrivals: "with an arrival",
        number: "Number", time: "Time", received: "Received", category: "Category", priority: "Priority", address: "Address", status: "Status",
        outcome: "Outcome", units: "Units", due: "Due", given: "Given", lateBy: "Late by", notGiven: "not given", rank: "Rank",
        count: "Count", topCategory: "Main category", centre: "Centre", score: "Score", name: "Name", kind: "Kind", severity: "Severity",
        agency: "Agency", sent: "Sent", feedbackDue: "Feedback due", answered: "Answered", limitsPassed: "Limits passed", acknowledge: "acknowledge",
        handle: "handle", otherStation: "other station's unit",
        shifts: "Shifts", shift: "Shift", from: "From", to: "To", onDuty: "On duty", unitsOnDuty: "Units on duty", dutyChart: "Units on duty through the day",
        handled: "Incidents handled", handovers: "Handovers", openAtChange: "Incidents open at the change", offDutyWhileOpen: "Units going off duty with work open",
        dutyDefinitions: [
            "On duty: any unit status but off duty (available, dispatched, en route, on scene and out of service all count). Status changes come from the unit events of the event log.",
            "A shift change is a group of status changes within an hour in which some unit comes on duty and some unit goes off; it is placed at the group's first change. A shift runs from one change to the next; 00:00 and 24:00 bound the first and the last.",
            "A unit coming on or going off alone (reinforcement, a meal break) does not start a shift; it is listed as a change within the shift.",
            "Incidents handled: those received on the day and those received before it still open at 00:00; their state at an instant is read from the incident's recorded step times.",
        ],
        callsign: "Callsign", unitKind: "Kind", minutesOnDuty: "Time on duty", worked: "Incidents worked", stationOpen: "Open in the station", changeAt: "Change at",
        dispatched: "Dispatched", onScene: "On scene", resolved: "Resolved", closed: "Closed", noShiftChange: "No shift change on the day: one shift all day.",
        dutyChanges: "Changes within shifts", wentOn: "came on duty", wentOff: "went off duty", statusAtEnd: "Status at end of day",
        unitWorked: "open incidents the unit had worked",
        patrol: "Patrol compliance", zone: "Zone", presence: "In zone", required: "Required", pointsVisited: "Points", distance: "Distance",
        gaps: "Unheard", outOfZone: "Out of zone, no job", kept: "kept", inProgress: "in progress", notKept: "not kept",
        patrolNote: "Per shift of each zone's patrol plan, from the units' GPS tracks: time in the zone, stays at the required points, stretches with no fix for over 5 minutes, distance, and time out of the zone while not on an incident.")
}

/// Numbers and times as reports print them: China Standard Time, whatever the server's zone.
enum ReportFormat {
    static func decimal(_ v: Double) -> String { String(format: "%.1f", v) }

    static func percent(_ v: Double?) -> String { v.map { decimal(100 * $0) + "%" } ?? "—" }

    /// `HH:mm` in CST.
    static func clock(_ t: Date) -> String {
        let c = Timestamp.civil(Int64((t.timeIntervalSince1970 + ReportDay.offsetSeconds).rounded(.down)))
        return two(c.secondOfDay / 3600) + ":" + two(c.secondOfDay / 60 % 60)
    }

    /// `HH:mm` when `t` is on `day`, else `MM-DD HH:mm` (CST).
    static func time(_ t: Date, on day: ReportDay) -> String {
        if day.contains(t) { return clock(t) }
        let c = ReportDay(containing: t).civil
        return two(c.month) + "-" + two(c.day) + " " + clock(t)
    }

    /// `YYYY-MM-DD HH:mm` (CST).
    static func dateTime(_ t: Date) -> String { ReportDay(containing: t).description + " " + clock(t) }

    static func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

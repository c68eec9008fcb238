import Foundation
import PinganCore
import PinganGeo

extension DailyReport {
    /// The report as one self-contained HTML5 page in `language`: inline CSS and SVG charts and
    /// map, no script, nothing fetched; every text from data escaped. Prints to PDF as it is.
    public func html(language: Report.Language) -> String {
        let w = ReportWords.of(language)
        let e = HTML.escape
        let subjectName = subject.name.text(language)
        var h = HTML.head(language: language == .zh ? "zh-CN" : "en", title: "\(subjectName) \(w.dailyTitle) \(date)", style: ReportStyle.css(language))
        h += "<h1>\(e(subjectName)) · \(e(w.dailyTitle))</h1>"
        h += "<p class=\"meta\">\(date) (UTC+8) · \(e(subject.code)) · \(e(w.generated)) \(ReportFormat.dateTime(asOf))</p>"
        if isPartial { h += "<p class=\"note\">\(e(w.partial)) \(ReportFormat.dateTime(asOf))</p>" }

        // The day in figures, with both comparison periods stated.
        let f = figures
        let prevDate = f.previousPeriod.from == f.previousPeriod.to ? "\(f.previousPeriod.from)" : "\(f.previousPeriod.from)–\(f.previousPeriod.to)"
        let yearDate = f.yearBeforePeriod.from == f.yearBeforePeriod.to ? "\(f.yearBeforePeriod.from)" : "\(f.yearBeforePeriod.from)–\(f.yearBeforePeriod.to)"
        h += "<h2>\(e(w.summary))</h2>"
        var rows: [[String]] = []
        func countRow(_ label: String, _ get: (KPIFigures) -> Int) {
            let d = get(f.day), p = get(f.previous), y = get(f.yearBefore)
            rows.append([e(label), num(d), num(p), change(w.countChange(d, p), d - p), num(y), change(w.countChange(d, y), d - y)])
        }
        func shareRow(_ label: String, _ get: (KPIFigures) -> Double?, higherIsBetter: Bool = true) {
            let d = get(f.day), p = get(f.previous), y = get(f.yearBefore)
            func sign(_ a: Double?, _ b: Double?) -> Int { guard let a, let b else { return 0 }; let s = a > b ? 1 : a < b ? -1 : 0; return higherIsBetter ? -s : s }
            rows.append([e(label), cell(ReportFormat.percent(d)), cell(ReportFormat.percent(p)), change(w.shareChange(d, p), sign(d, p)),
                         cell(ReportFormat.percent(y)), change(w.shareChange(d, y), sign(d, y))])
        }
        func secondsRow(_ label: String, _ get: (KPIFigures) -> Double?) {
            let d = get(f.day), p = get(f.previous), y = get(f.yearBefore)
            func show(_ v: Double?) -> String { cell(v.map { w.duration($0) } ?? "—") }
            func sign(_ a: Double?, _ b: Double?) -> Int { guard let a, let b else { return 0 }; return a > b ? 1 : a < b ? -1 : 0 }
            rows.append([e(label), show(d), show(p), change(w.secondsChange(d, p), sign(d, p)), show(y), change(w.secondsChange(d, y), sign(d, y))])
        }
        countRow(w.incidents) { $0.incidents }
        countRow(w.p1) { $0.byPriority["1"] ?? 0 }
        secondsRow(w.callToDispatch) { $0.callToDispatch?.p50 }
        secondsRow(w.callToArrivalMedian) { $0.callToArrival?.p50 }
        secondsRow(w.callToArrivalP90) { $0.callToArrival?.p90 }
        shareRow(w.within1) { $0.within1MinuteShare }
        shareRow(w.within3) { $0.within3MinutesShare }
        shareRow(w.within5) { $0.within5MinutesShare }
        shareRow(w.metRate) { $0.metRate }
        shareRow(w.closureRate) { $0.closureRate }
        shareRow(w.overdueRate, { $0.overdueFeedbackRate }, higherIsBetter: false)
        countRow(w.referred) { $0.referred }
        countRow(w.highRiskCount) { $0.highRisk }
        countRow(w.mergedCount) { $0.merged }
        if f.day.alerts != nil || f.previous.alerts != nil { countRow(w.alertsRaised) { $0.alerts?.raised ?? 0 } }
        h += HTML.table([e(w.figure), "\(e(w.day))<br>\(date)", "\(e(w.previous))<br>\(prevDate)", e(w.change),
                         "\(e(w.yearBefore))<br>\(yearDate)", e(w.change)], rows, className: "figures")
        h += "<p class=\"small\">\(e(w.arrivals)): \(f.day.arrivals) · \(e(w.overdueRate)): \(f.day.feedbackOverdue)/\(f.day.feedbackDue)</p>"

        // Trend.
        h += "<h2>\(e(w.trend))</h2>"
        if trend.isEmpty {
            h += "<p>\(e(w.noData))</p>"
        } else {
            let labels = trend.map { d -> String in let c = d.day.civil; return "\(c.month)/\(c.day)" }
            h += SVG.lineChart(labels: labels, values: trend.map { Double($0.incidents) }, title: w.trend, format: { String(Int($0)) })
            h += SVG.lineChart(labels: labels, values: trend.map(\.metRate), height: 160, title: w.metRate, colour: "#1e8449",
                               format: { ReportFormat.percent($0) })
            h += "<p class=\"small\">\(e(w.trendNote)) \(e(w.trendRateNote))</p>"
        }

        // Categories.
        h += "<h2>\(e(w.categories))</h2>"
        if categories.isEmpty {
            h += "<p>\(e(w.none))</p>"
        } else {
            h += SVG.barChart(rows: categories.map { ($0.name.text(language), $0.count, $0.previous) }, title: w.categories)
            h += HTML.table([e(w.category), e(w.day), e(w.previous), e(w.change)],
                            categories.map { [e($0.name.text(language)), num($0.count), num($0.previous), change(w.countChange($0.count, $0.previous), $0.count - $0.previous)] })
        }

        // The jurisdictions below.
        if !parts.isEmpty {
            h += "<h2>\(e(w.parts))</h2>"
            h += HTML.table([e(w.name), e(w.incidents), e(w.p1), e(w.within5), e(w.metRate), e(w.closureRate), e(w.overdueRate)],
                            parts.map { p in
                                [e(p.name.text(language)), num(p.figures.incidents), num(p.figures.byPriority["1"] ?? 0),
                                 cell(ReportFormat.percent(p.figures.within5MinutesShare)), cell(ReportFormat.percent(p.figures.metRate)),
                                 cell(ReportFormat.percent(p.figures.closureRate)), cell(ReportFormat.percent(p.figures.overdueFeedbackRate))]
                            })
        }

        // Map, hotspots, forecast.
        h += "<h2>\(e(w.mapTitle))</h2>"
        if let svg = map.svg(width: 940, height: 620, words: w) {
            h += svg + "<p class=\"small\">\(e(w.mapLegend))</p>"
        } else {
            h += "<p>\(e(w.noData))</p>"
        }
        h += "<h2>\(e(w.hotspots))</h2><p class=\"small\">\(e(ReportWords.fill(w.hotspotsNote, SVG.n(cellMetres))))</p>"
        if hotspots.isEmpty {
            h += "<p>\(e(w.none))</p>"
        } else {
            h += HTML.table([e(w.rank), e(w.count), e(w.topCategory), e(w.address), e(w.centre)],
                            hotspots.enumerated().map { k, c in
                                [num(k + 1), num(c.count), e(categoryName(c.topCategory, language)), e(c.address), coordinate(c.centre)]
                            })
        }
        if !places.isEmpty {
            h += "<h3>\(e(w.places))</h3>" + HTML.table([e(w.address), e(w.count)], places.map { [e($0.address), num($0.count)] })
        }
        if let forecast {
            h += "<h2>\(e(w.forecast)) \(forecast.day)</h2>"
            h += "<p class=\"small\">\(e(ReportWords.fill(w.forecastNote, w.forecastMethod(forecast.method), String(forecast.trainDays))))</p>"
            if forecast.cells.isEmpty {
                h += "<p>\(e(w.none))</p>"
            } else {
                h += HTML.table([e(w.rank), e(w.score), e(w.centre)],
                                forecast.cells.prefix(Self.topCells).enumerated().map { k, c in
                                    ["F\(k + 1)", cell(String(format: "%.3f", c.score)), coordinate(c.centre)]
                                })
            }
        }

        // Notable and overdue incidents.
        h += "<h2>\(e(w.notable))</h2>"
        h += "<h3>\(e(w.priorityOne)) (\(figures.day.byPriority["1"] ?? 0))</h3>" + incidentTable(priorityOne, language, w)
        h += "<h3>\(e(w.highRisk)) (\(figures.day.highRisk))</h3>" + incidentTable(highRisk, language, w, risk: true)
        h += "<h3>\(e(w.merged))</h3><p>\(e(ReportWords.fill(w.mergedNote, String(mergedDuplicates))))"
        h += mergeHeads.isEmpty ? "</p>" : " \(e(w.mergeHeads))</p>" + incidentTable(mergeHeads, language, w, merged: true)
        h += "<h2>\(e(w.overdue)) (\(overdue.count))</h2><p class=\"small\">\(e(w.overdueNote))</p>"
        if overdue.isEmpty {
            h += "<p>\(e(w.none))</p>"
        } else {
            h += HTML.table([e(w.number), e(w.received), e(w.category), e(w.priority), e(w.due), e(w.given), e(w.lateBy), e(w.units)],
                            overdue.map { o in
                                [e(o.incident.number), cell(ReportFormat.time(o.incident.receivedAt, on: date)), e(categoryName(o.incident.category, language)),
                                 "P\(o.incident.priority.rawValue)", cell(ReportFormat.time(o.due, on: date)),
                                 o.givenAt.map { cell(ReportFormat.time($0, on: date)) } ?? "<span class=\"late\">\(e(w.notGiven))</span>",
                                 "<span class=\"late\">\(e(w.duration(o.lateBy)))</span>", units(o.incident, w)]
                            })
        }

        // Alerts and referrals.
        h += "<h2>\(e(w.alerts)) (\(alerts.raised))</h2>"
        if alerts.raised == 0 {
            h += "<p>\(e(w.none))</p>"
        } else {
            h += "<p>" + Alert.Kind.allCases.compactMap { k in alerts.byKind[k].map { "\(e(w.alertKind(k))) \($0)" } }.joined(separator: " · ")
            h += "<br>" + Alert.Status.allCases.compactMap { s in alerts.byStatus[s].map { "\(e(w.alertStatus(s))) \($0)" } }.joined(separator: " · ") + "</p>"
            if !alerts.attention.isEmpty {
                h += "<h3>\(e(w.attention)) (\(alerts.attention.count))</h3>"
                h += HTML.table([e(w.time), e(w.name), e(w.kind), e(w.severity), e(w.status), e(w.limitsPassed)],
                                alerts.attention.map { a in
                                    [cell(ReportFormat.time(a.raisedAt, on: date)), e(a.title), e(w.alertKind(a.kind)), e(w.severity(a.severity)),
                                     e(w.alertStatus(a.status)),
                                     a.overdue.isEmpty ? "" : "<span class=\"late\">" + a.overdue.map { e($0 == .acknowledge ? w.acknowledge : w.handle) }.joined(separator: ", ") + "</span>"]
                                })
            }
        }
        h += "<h2>\(e(w.referrals)) (\(referrals.sent))</h2>"
        if referrals.sent == 0 {
            h += "<p>\(e(w.none))</p>"
        } else {
            h += "<p>" + Referral.Status.allCases.compactMap { s in referrals.byStatus[s].map { "\(e(w.referralStatus(s))) \($0)" } }.joined(separator: " · ") + "</p>"
            if !referrals.attention.isEmpty {
                h += "<h3>\(e(w.attention)) (\(referrals.attention.count))</h3>"
                h += HTML.table([e(w.number), e(w.agency), e(w.status), e(w.sent), e(w.feedbackDue), e(w.answered)],
                                referrals.attention.map { r in
                                    [e(r.incidentNumber), e(r.agency), e(w.referralStatus(r.status)), cell(ReportFormat.time(r.sentAt, on: date)),
                                     (r.overdue ? "<span class=\"late\">" : "<span>") + ReportFormat.time(r.feedbackDue, on: date) + "</span>",
                                     r.answeredAt.map { cell(ReportFormat.time($0, on: date)) } ?? "—"]
                                })
            }
        }
        h += "<h2>\(e(w.definitions))</h2><ul>" + w.dailyDefinitions.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        return h + HTML.tail
    }

    func categoryName(_ code: String, _ language: Report.Language) -> String {
        categories.first { $0.code == code }?.name.text(language) ?? CategoryCatalogue.standard.category(code).map { language == .zh ? $0.nameZh : $0.nameEn } ?? code
    }

    func incidentTable(_ lines: [ReportIncidentLine], _ language: Report.Language, _ w: ReportWords, risk: Bool = false, merged: Bool = false) -> String {
        let e = HTML.escape
        guard !lines.isEmpty else { return "<p>\(e(w.none))</p>" }
        var header = [e(w.number), e(w.received), e(w.category), e(w.priority), e(w.address), e(w.status), e(w.outcome), e(w.units)]
        if risk { header.append(e(w.highRisk)) }
        if merged { header.append(e(w.mergedCount)) }
        return HTML.table(header, lines.map { l in
            var row = [e(l.number), nowrap(ReportFormat.time(l.receivedAt, on: date)), nowrap(categoryName(l.category, language)),
                       l.priority == .p1 ? "<span class=\"p1\">P1</span>" : "P\(l.priority.rawValue)", e(l.address), nowrap(w.incidentStatus(l.status)),
                       e(l.outcome ?? ""), units(l, w)]
            if risk { row.append(e(l.riskFlags.map { $0.text(language) }.joined(separator: ", "))) }
            if merged { row.append(num(l.mergedCount)) }
            return row
        })
    }

    func units(_ l: ReportIncidentLine, _ w: ReportWords) -> String {
        HTML.escape(l.units.map { $0 ?? "(\(w.otherStation))" }.joined(separator: ", "))
    }
}

/// Table cells shared by the report pages.
func num(_ v: Int) -> String { "<span class=\"n\">\(v)</span>" }
func cell(_ text: String) -> String { HTML.escape(text) }
/// Text kept on one line (a time, a category, a status).
func nowrap(_ text: String) -> String { "<span class=\"nw\">\(HTML.escape(text))</span>" }
/// A change, coloured when `direction` says it is worse (> 0) or better (< 0).
func change(_ text: String, _ direction: Int) -> String {
    let cls = direction > 0 ? "up" : direction < 0 ? "down" : "same"
    return "<span class=\"\(cls)\">\(HTML.escape(text))</span>"
}
func coordinate(_ c: Coordinate) -> String { String(format: "%.5f, %.5f", c.lat, c.lon) }

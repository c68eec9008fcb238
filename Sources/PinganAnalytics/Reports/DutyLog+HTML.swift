import Foundation
import PinganCore

extension DutyLog {
    /// The log as one self-contained HTML5 page in `language` (inline CSS and SVG, no script).
    public func html(language: Report.Language) -> String {
        let w = ReportWords.of(language)
        let e = HTML.escape
        let name = subject.name.text(language)
        var h = HTML.head(language: language == .zh ? "zh-CN" : "en", title: "\(name) \(w.dutyTitle) \(date)", style: ReportStyle.css(language))
        h += "<h1>\(e(name)) · \(e(w.dutyTitle))</h1>"
        h += "<p class=\"meta\">\(date) (UTC+8) · \(e(subject.code)) · \(e(w.generated)) \(ReportFormat.dateTime(asOf))</p>"
        if isPartial { h += "<p class=\"note\">\(e(w.partial)) \(ReportFormat.dateTime(end))</p>" }
        func t(_ d: Date) -> String { d == date.end ? "24:00" : ReportFormat.time(d, on: date) }

        h += "<h2>\(e(w.shifts)) (\(shifts.count))</h2>"
        if handovers.isEmpty { h += "<p class=\"small\">\(e(w.noShiftChange))</p>" }
        h += HTML.table([e(w.shift), e(w.from), e(w.to), e(w.unitsOnDuty), e(w.received)],
                        shifts.map { s in
                            [nowrap(w.shiftName(s.number)), nowrap(t(s.from)), nowrap(t(s.to)),
                             s.units.isEmpty ? e(w.none) : e(s.units.map(\.callsign).joined(separator: ", ")), num(s.received)]
                        })
        if !timeline.isEmpty {
            let length = end.timeIntervalSince(date.start)
            let ticks = stride(from: 0, through: 24, by: 3).map { (at: Double($0) * 3600, label: ReportFormat.two($0) + ":00") }
            h += SVG.spans(rows: timeline.map { u in
                               (u.callsign, u.spans.map { (from: $0.from.timeIntervalSince(date.start), to: $0.to.timeIntervalSince(date.start),
                                                            colour: $0.status == .outOfService ? Self.outOfServiceColour
                                                                : $0.status == .available ? Self.availableColour : Self.busyColour) })
                           },
                           length: max(length, 86_400), ticks: ticks, marks: handovers.map { $0.at.timeIntervalSince(date.start) }, title: w.dutyChart)
            func key(_ colour: String, _ label: String) -> String { "<span style=\"color:\(colour)\">■</span> \(e(label))" }
            h += "<p class=\"small\">\(e(w.dutyChart)): " + [key(Self.availableColour, w.unitStatus(.available)),
                                                            key(Self.busyColour, w.unitStatus(.dispatched) + "/" + w.unitStatus(.onScene)),
                                                            key(Self.outOfServiceColour, w.unitStatus(.outOfService))].joined(separator: " ") + "</p>"
        }
        for s in shifts {
            h += "<h3>\(e(w.shiftName(s.number))) \(t(s.from))–\(t(s.to))</h3>"
            if s.units.isEmpty { h += "<p>\(e(w.none))</p>"; continue }
            h += HTML.table([e(w.callsign), e(w.unitKind), e(w.minutesOnDuty), e(w.worked)],
                            s.units.map { [e($0.callsign), e(w.unitKind($0.kind)), cell(w.duration($0.secondsOnDuty)), num($0.worked)] })
        }
        if !changesWithin.isEmpty {
            h += "<h3>\(e(w.dutyChanges))</h3><ul>"
            h += changesWithin.map { "<li>\(t($0.at)) \(e($0.callsign)) \(e($0.cameOn ? w.wentOn : w.wentOff))</li>" }.joined() + "</ul>"
        }

        h += "<h2>\(e(w.handovers)) (\(handovers.count))</h2>"
        if handovers.isEmpty { h += "<p>\(e(w.none))</p>" }
        for ho in handovers {
            h += "<h3>\(e(w.changeAt)) \(t(ho.at))</h3><p>\(e(w.wentOn)): \(e(ho.cameOn.joined(separator: ", ")))<br>\(e(w.wentOff)): \(e(ho.wentOff.joined(separator: ", ")))</p>"
            h += "<p>\(e(w.openAtChange)) (\(ho.open.count))</p>"
            if !ho.open.isEmpty {
                h += HTML.table([e(w.number), e(w.received), e(w.category), e(w.priority), e(w.address), e(w.status), e(w.units)],
                                ho.open.map { o in
                                    [e(o.incident.number), nowrap(t(o.incident.receivedAt)), nowrap(categoryName(o.incident.category, language)),
                                     "P\(o.incident.priority.rawValue)", e(o.incident.address), nowrap(w.incidentStatus(o.status)), units(o.incident, w)]
                                })
            }
        }
        h += "<h3>\(e(w.offDutyWhileOpen)) (\(offDutyWhileOpen.count))</h3>"
        if offDutyWhileOpen.isEmpty {
            h += "<p>\(e(w.none))</p>"
        } else {
            h += HTML.table([e(w.time), e(w.callsign), e(w.unitWorked), e(w.stationOpen)],
                            offDutyWhileOpen.map { [cell(t($0.at)), e($0.callsign), e($0.openWorked.joined(separator: ", ")), num($0.stationOpen)] })
        }

        h += "<h2>\(e(w.handled)) (\(incidents.count))</h2>"
        if incidents.isEmpty {
            h += "<p>\(e(w.none))</p>"
        } else {
            h += HTML.table([e(w.number), e(w.shift), e(w.received), e(w.dispatched), e(w.onScene), e(w.resolved), e(w.closed), e(w.category),
                             e(w.priority), e(w.address), e(w.statusAtEnd), e(w.outcome), e(w.units)],
                            incidents.map { x in
                                let l = x.incident
                                func step(_ d: Date?) -> String { d.map { $0 < end ? nowrap(t($0)) : "" } ?? "" }
                                return [e(l.number), x.shift.map { nowrap(w.shiftName($0)) } ?? "—", nowrap(ReportFormat.time(l.receivedAt, on: date)),
                                        step(l.dispatchedAt), step(l.onSceneAt), step(l.resolvedAt), step(l.closedAt ?? l.cancelledAt),
                                        nowrap(categoryName(l.category, language)), l.priority == .p1 ? "<span class=\"p1\">P1</span>" : "P\(l.priority.rawValue)",
                                        e(l.address), nowrap(w.incidentStatus(x.statusAtEnd)), e(x.statusAtEnd == .closed ? l.outcome ?? "" : ""), units(l, w)]
                            }, className: "wide")
        }
        if let patrol, !patrol.rows.isEmpty {
            h += "<h2>\(e(w.patrol)) (\(patrol.rows.count))</h2>"
            func minutes(_ m: Double) -> String { cell(w.duration(m * 60)) }
            h += HTML.table([e(w.zone), e(w.shift), e(w.from), e(w.to), e(w.callsign), e(w.presence), e(w.required), e(w.pointsVisited),
                             e(w.gaps), e(w.distance), e(w.outOfZone), e(w.status)],
                            patrol.rows.map { r in
                                [e(r.zoneName), e(r.shift), nowrap(ReportFormat.time(r.from, on: date)), nowrap(ReportFormat.time(r.to, on: date)),
                                 e(r.callsign), minutes(r.presenceMinutes), minutes(r.requiredMinutes),
                                 "\(r.points.filter(\.visited).count)/\(r.points.count)", minutes(r.gapMinutes),
                                 cell(String(format: "%.1f km", r.distanceKm)), minutes(r.outOfZoneUnassignedMinutes),
                                 e(r.inProgress ? w.inProgress : r.kept ? w.kept : w.notKept)]
                            }, className: "wide")
            h += "<p class=\"small\">\(e(w.patrolNote))</p>"
        }
        h += "<h2>\(e(w.definitions))</h2><ul>" + w.dutyDefinitions.map { "<li>\(e($0))</li>" }.joined() + "</ul>"
        return h + HTML.tail
    }

    static let availableColour = "#2471a3", busyColour = "#e67e22", outOfServiceColour = "#aab7b8"

    func categoryName(_ code: String, _ language: Report.Language) -> String {
        categoryNames[code]?.text(language) ?? code
    }

    func units(_ l: ReportIncidentLine, _ w: ReportWords) -> String {
        HTML.escape(l.units.map { $0 ?? "(\(w.otherStation))" }.joined(separator: ", "))
    }
}

import Foundation
import PinganAnalytics
import PinganCore
import PinganGeo
import PinganTestSupport
import Testing

/// The daily situation report assembled from a crafted day, every number checked by hand, and
/// drawn as pages that a strict HTML parser takes.
@Suite("Daily situation report (三情研判)")
struct DailyReportTests {
    static func at(_ local: String) -> Date { Timestamp.parse(local + "+08:00")! }
    static let day = try! ReportDay("2026-12-04")
    /// The morning after, when the daily job writes it.
    static let asOf = at("2026-12-05T06:00:00")

    static let station: Jurisdiction = {
        var j = Jurisdiction(id: JurisdictionID("s1"), parentID: JurisdictionID("d"), level: .station, code: "HP01", name: "南京东路派出所",
                             nameEn: "East Nanjing Road Station", path: "/c/d/s1/")
        j.area = try! GeoArea(ring: [Coordinate(lat: 31.22, lon: 121.46), Coordinate(lat: 31.22, lon: 121.50), Coordinate(lat: 31.25, lon: 121.50),
                                     Coordinate(lat: 31.25, lon: 121.46)])
        return j
    }()

    static func incident(_ n: String, _ received: String, _ p: Priority, category: String = "dispute", at: Coordinate = Coordinate(lat: 31.2352, lon: 121.4801),
                         address: String = "南京东路300号") -> Incident {
        Incident(id: IncidentID(n), number: n, jurisdictionID: station.id, category: category, priority: p, location: at, address: address,
                 caller: Caller(name: "张三", phone: "13812345678"), description: "", times: IncidentTimes(receivedAt: Self.at(received)), path: station.path)
    }

    /// The crafted history: four calls on the day (three in one 150 m cell), a duplicate, and
    /// feedback falling due on the day from calls of the days before.
    static func incidents() -> [Incident] {
        var i1 = incident("N1", "2026-12-04T09:00:00", .p1, category: "criminal")
        i1.status = .closed
        i1.unitIDs = [UnitID("u1")]
        i1.times.onSceneAt = at("2026-12-04T09:04:00")
        i1.times.resolvedAt = at("2026-12-04T10:00:00")
        i1.times.closedAt = at("2026-12-04T11:00:00")
        i1.feedback = Feedback(outcome: "已抓获", summary: "", by: UserID("o"), at: at("2026-12-04T11:00:00"))
        var i2 = incident("N2", "2026-12-04T10:00:00", .p2, at: Coordinate(lat: 31.2353, lon: 121.4802))
        i2.riskFlags = [RiskFlag(rule: "weapon", nameZh: "持械", nameEn: "Weapon", words: ["刀"], raiseTo: .p1, notify: true)]
        i2.mergedIncidentIDs = [IncidentID("N4")]
        i2.unitIDs = [UnitID("u2"), UnitID("foreign")]
        var i3 = incident("N3", "2026-12-04T11:00:00", .p3, category: "traffic", at: Coordinate(lat: 31.2450, lon: 121.4950))
        i3.address = "南京东路300号"
        var i4 = incident("N4", "2026-12-04T10:01:00", .p2, at: Coordinate(lat: 31.2351, lon: 121.4803), address: "<script>alert('x')</script> & \"弄\"")
        i4.status = .cancelled
        i4.times.cancelledAt = at("2026-12-04T10:02:00")
        i4.mergedInto = MergeLink(into: IncidentID("N2"), intoNumber: "N2", by: "disp", at: at("2026-12-04T10:02:00"), previousStatus: .received)
        // P1 of the evening before: feedback due 20:00 on the day (24 h), never given.
        let i5 = incident("N5", "2026-12-03T20:00:00", .p1)
        // P3 two days before: due 08:00 on the day (48 h), given at 09:00, an hour late.
        var i6 = incident("N6", "2026-12-02T08:00:00", .p3)
        i6.status = .closed
        i6.times.resolvedAt = at("2026-12-03T08:00:00")
        i6.times.closedAt = at("2026-12-04T09:00:00")
        // P2 of the day before, closed in time.
        var i7 = incident("N7", "2026-12-03T12:00:00", .p2)
        i7.status = .closed
        i7.times.resolvedAt = at("2026-12-03T13:00:00")
        i7.times.closedAt = at("2026-12-03T14:00:00")
        // The next day: not the report's.
        let i8 = incident("N8", "2026-12-05T01:00:00", .p1)
        return [i1, i2, i3, i4, i5, i6, i7, i8]
    }

    static func alerts() -> [Alert] {
        func alert(_ id: String, _ raised: String, status: Alert.Status, closed: String? = nil) -> Alert {
            let t = at(raised)
            var a = Alert(id: AlertID(id), kind: .watchlistHit, severity: .severe, status: status, title: "布控比中 <script>alert('x')</script> & \"沪A\"", action: "核查",
                          location: Coordinate(lat: 31.235, lon: 121.48), jurisdictionID: station.id, raisedAt: t, acknowledgeBy: t + 300,
                          handleBy: t + 3600, cause: "x", path: station.path)
            if let closed {
                a.acknowledged = .init(at: t + 60, by: "d")
                a.closed = .init(at: at(closed), by: "d")
            }
            return a
        }
        return [alert("a1", "2026-12-04T12:00:00", status: .received), alert("a2", "2026-12-04T14:00:00", status: .handled, closed: "2026-12-04T14:30:00"),
                alert("a3", "2026-12-03T12:00:00", status: .received)]
    }

    static func referrals() -> [Referral] {
        func referral(_ id: String, _ sent: String, due: String, status: Referral.Status, answered: String? = nil) -> Referral {
            var r = Referral(id: ReferralID(id), incidentID: IncidentID("N3"), incidentNumber: "N3", agencyID: AgencyID("g"), agencyName: "12345 热线",
                             summary: .init(category: "inquiry", address: "路", location: Coordinate(lat: 31.2, lon: 121.4), description: "",
                                            receivedAt: at(sent), caller: Caller()),
                             note: "", sent: .init(at: at(sent), by: "d"), acceptDue: at(sent) + 1800, feedbackDue: at(due), deadlinesSetBy: "standard",
                             path: station.path)
            r.status = status
            if let answered { r.feedback = .init(outcome: "done", summary: "", by: "g", at: at(answered)) }
            return r
        }
        return [referral("r1", "2026-12-04T15:00:00", due: "2026-12-05T15:00:00", status: .sent),
                referral("r2", "2026-12-04T16:00:00", due: "2026-12-04T17:00:00", status: .done, answered: "2026-12-05T01:00:00"),
                referral("r3", "2026-12-04T16:30:00", due: "2026-12-05T16:30:00", status: .done, answered: "2026-12-04T18:00:00"),
                referral("r4", "2026-12-03T16:00:00", due: "2026-12-04T16:00:00", status: .sent)]
    }

    static func input() -> DailyReportInput {
        var figures = KPIFigures()
        figures.incidents = 4
        figures.byCategory = ["dispute": 2, "criminal": 1, "traffic": 1]
        figures.byPriority = ["1": 1, "2": 2, "3": 1]
        figures.within5MinutesShare = 1
        var previous = KPIFigures()
        previous.incidents = 2
        previous.byCategory = ["dispute": 1, "fire": 1]
        let f = DailyReport.DailyFigures(day: figures, previousPeriod: KPIPeriod(day: day).previous, previous: previous,
                                         yearBeforePeriod: KPIPeriod(day: day).yearBefore, yearBefore: KPIFigures())
        let trend = (0..<28).map { DailyReport.TrendDay(day: day.advanced(by: $0 - 27), incidents: $0 % 5, metRate: $0 % 3 == 0 ? nil : 0.9) }
        return DailyReportInput(subject: station, date: day, asOf: asOf, figures: f, trend: trend,
                                areas: [ReportMap.Area(name: station.name, area: station.area!)], incidents: incidents(), alerts: alerts(),
                                referrals: referrals(), callsigns: [UnitID("u1"): "HP01-1", UnitID("u2"): "HP01-2"])
    }

    @Test func assemblesTheDayFromItsRecords() throws {
        let r = DailyReport.assemble(Self.input())
        #expect(!r.isPartial)
        // Categories from the figures, most first, with the day before's count; a category seen only the day before stays listed.
        #expect(r.categories.map(\.code) == ["dispute", "criminal", "traffic", "fire"])
        #expect(r.categories.map(\.count) == [2, 1, 1, 0])
        #expect(r.categories.map(\.previous) == [1, 0, 0, 1])
        #expect(r.categories[0].name == ReportName(zh: "纠纷", en: "Dispute"))
        // N1, N2 and N4 lie within a few metres: one hotspot of three; N3 is 1.6 km away, alone.
        #expect(r.hotspots.count == 1)
        #expect(r.hotspots.first?.count == 3)
        #expect(r.hotspots.first?.topCategory == "dispute")
        #expect(r.hotspots.first.map { $0.bounds.contains($0.centre) } == true)
        // N1, N2 and N3 give the same address.
        #expect(r.places.map(\.address) == ["南京东路300号"] && r.places.first?.count == 3)
        #expect(r.priorityOne.map(\.number) == ["N1"])
        #expect(r.priorityOne.first?.units == ["HP01-1"] && r.priorityOne.first?.outcome == "已抓获")
        #expect(r.highRisk.map(\.number) == ["N2"])
        #expect(r.highRisk.first?.riskFlags == [ReportName(zh: "持械", en: "Weapon")])
        // A unit the report may not name is left unnamed.
        #expect(r.highRisk.first?.units == ["HP01-2", nil])
        #expect(r.mergedDuplicates == 1)
        #expect(r.mergeHeads.map(\.number) == ["N2"] && r.mergeHeads.first?.mergedCount == 1)
        // Feedback due on the day: N6 (08:00, given 09:00) and N5 (20:00, not given by 06:00 next day); N7 was in time.
        #expect(r.overdue.map(\.incident.number) == ["N6", "N5"])
        #expect(r.overdue[0].lateBy == 3600 && r.overdue[0].givenAt == Self.at("2026-12-04T09:00:00"))
        #expect(r.overdue[1].lateBy == 10 * 3600 && r.overdue[1].givenAt == nil)
        // Alerts raised on the day: a1 still open (both limits passed), a2 handled in time.
        #expect(r.alerts.raised == 2)
        #expect(r.alerts.byStatus == [.received: 1, .handled: 1])
        #expect(r.alerts.attention.map(\.raisedAt) == [Self.at("2026-12-04T12:00:00")])
        #expect(r.alerts.attention.first?.overdue == [.acknowledge, .handle])
        // Referrals sent on the day: r1 still with the agency, r2 answered late, r3 in time.
        #expect(r.referrals.sent == 3)
        #expect(r.referrals.byStatus == [.sent: 1, .done: 2])
        #expect(r.referrals.attention.map(\.sentAt) == [Self.at("2026-12-04T15:00:00"), Self.at("2026-12-04T16:00:00")])
        #expect(r.referrals.attention.map(\.overdue) == [false, true])
        // The map: the day's four calls, the hotspot's cell.
        #expect(r.map.dots.count == 4)
        #expect(r.map.cells.count == 1)
    }

    @Test func beforeTheDayEndsItIsTheDaySoFar() {
        var input = Self.input()
        input.asOf = Self.at("2026-12-04T12:00:00")
        let r = DailyReport.assemble(input)
        #expect(r.isPartial)
        // By noon only N6's feedback (due 08:00, given 09:00) is late; N5's falls due at 20:00.
        #expect(r.overdue.map(\.incident.number) == ["N6"])
        #expect(r.html(language: .en).contains("The day is not over"))
    }

    @Test func pagesAreValidHTMLWithEveryStringEscaped() throws {
        let r = DailyReport.assemble(Self.input())
        for language in Report.Language.allCases {
            let page = r.html(language: language)
            #expect(page.hasPrefix("<!DOCTYPE html>"))
            #expect(!page.contains("<script"), "a data string reached the page unescaped")
            #expect(!page.contains("<html lang=\"zh-CN\"") == (language == .en))
            // Both comparison periods are stated.
            #expect(page.contains("2026-12-03") && page.contains("2025-12-04"))
            #expect(!page.contains("13812345678") && !page.contains("张三"), "the caller reached the page")
            if let error = ReportPageCheck.strictParseError(page) { Issue.record("html5lib (strict) refused the \(language) page: \(error)") }
        }
        let zh = r.html(language: .zh), en = r.html(language: .en)
        #expect(zh.contains("三情研判日报") && zh.contains("环比") && zh.contains("同比") && zh.contains("持械"))
        #expect(en.contains("Daily situation report") && en.contains("Day before") && en.contains("Weapon"))
        // The open alert's title, markup and all, is printed as text.
        #expect(zh.contains("布控比中 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;沪A&quot;"))
    }

    @Test func aStrayAngleBracketFailsTheStrictCheck() throws {
        // The test of the test: html5lib's strict parser does refuse a broken page.
        guard ReportPageCheck.python != nil else { return }
        #expect(ReportPageCheck.strictParseError("<!DOCTYPE html><html><head><title>x</title></head><body><p>a</b></body></html>") != nil)
        #expect(ReportPageCheck.strictParseError("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><p>a &amp; b</p></body></html>") == nil)
    }

    @Test func anEmptyDayStillDrawsAValidPage() throws {
        var input = Self.input()
        input.incidents = []
        input.alerts = []
        input.referrals = []
        input.areas = []
        input.trend = []
        input.figures = DailyReport.DailyFigures(day: KPIFigures(), previousPeriod: KPIPeriod(day: Self.day).previous, previous: KPIFigures(),
                                                 yearBeforePeriod: KPIPeriod(day: Self.day).yearBefore, yearBefore: KPIFigures())
        let r = DailyReport.assemble(input)
        #expect(r.hotspots.isEmpty && r.overdue.isEmpty && r.categories.isEmpty)
        for language in Report.Language.allCases {
            if let error = ReportPageCheck.strictParseError(r.html(language: language)) { Issue.record("\(language): \(error)") }
        }
    }

    @Test(.enabled(if: ReportPageCheck.pdfTools != nil, "needs chromium and pdftoppm (poppler-utils)"))
    func printsToAPDFWhosePageOneRenders() async throws {
        let tools = try #require(ReportPageCheck.pdfTools)
        let page = DailyReport.assemble(Self.input()).html(language: .zh)
        let pdf = try await ChromiumPDF(binary: tools.chromium, timeout: .seconds(120)).print(html: page)
        #expect(pdf.prefix(5) == Data("%PDF-".utf8))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pingan-pdf-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try pdf.write(to: folder.appendingPathComponent("report.pdf"))
        let result = ReportPageCheck.run(tools.pdftoppm, ["-png", "-f", "1", "-l", "1", "-r", "60", folder.appendingPathComponent("report.pdf").path,
                                                          folder.appendingPathComponent("page").path])
        #expect(result.status == 0, "pdftoppm: \(result.stderr)")
        let pngs = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }
        #expect(pngs.count == 1)
        let png = try Data(contentsOf: folder.appendingPathComponent(try #require(pngs.first)))
        #expect(png.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        // A blank page compresses to a few hundred bytes; page one has the title, the figures table and charts.
        #expect(png.count > 10_000, "page one rendered to only \(png.count) bytes")
    }

    @Test func aMissingChromiumIsFoundMissing() {
        #expect(ChromiumPDF.find(environment: ["PINGAN_CHROMIUM": "/nonexistent/chromium", "PATH": "/usr/bin"]) == nil)
        #expect(ChromiumPDF.find(environment: ["PATH": "/nonexistent"]) == nil)
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PinganAnalytics
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import PinganTestSupport
import Testing

/// Stored reports over HTTP (三情研判, 值班日志): writing one now, listing and opening them within
/// scope, bad input, idempotency; and the daily job writing each report once.
@Suite("Daily reports and duty logs over HTTP")
struct ReportRouteTests {
    static func today(_ world: TestWorld) -> ReportDay { ReportDay(containing: world.time.now()) }

    static func body(_ kind: String, _ jurisdiction: JurisdictionID, _ date: ReportDay, language: String = "zh", pdf: Bool = false) -> String {
        #"{"kind":"\#(kind)","jurisdiction":"\#(jurisdiction)","date":"\#(date)","language":"\#(language)","pdf":\#(pdf)}"#
    }

    @Test func writeListAndOpenWithinScope() async throws {
        try await TestWorld.run { world, client in
            let f = world.fixtures
            let boss = try await client.login("boss"), disp = try await client.login("disp")
            let offA = try await client.login("offA"), offB = try await client.login("offB")
            for _ in 0..<3 { #expect(try await client.call(.post, "/v1/incidents", token: disp, json: callJSON()).status == .created) }
            let today = Self.today(world)

            // Station A's officer writes the station's day so far (and its duty log); B's officer B's.
            let a = try await client.call(.post, "/v1/reports", token: offA, body: Self.body("daily", f.stationA.id, today))
            #expect(a.status == .created, "\(a.text)")
            let id = try #require(a.json["id"]?.stringValue)
            #expect(id == "daily-\(today.compact)-zh-\(f.stationA.id)")
            #expect(a.json["version"] == .number(1) && a.json["date"]?.stringValue == today.description)
            #expect(a.json["links"]?["html"]?.stringValue == "/v1/reports/\(id)/html")
            #expect(a.json["links"]?["pdf"] == nil && a.json["pdfBytes"] == nil)
            let duty = try await client.call(.post, "/v1/reports", token: offA, body: Self.body("dutyLog", f.stationA.id, today, language: "en"))
            #expect(duty.status == .created, "\(duty.text)")
            let b = try await client.call(.post, "/v1/reports", token: offB, body: Self.body("daily", f.stationB.id, today))
            let idB = try #require(b.json["id"]?.stringValue)
            let city = try await client.call(.post, "/v1/reports", token: boss, body: Self.body("daily", f.city.id, today))
            #expect(city.status == .created, "\(city.text)")

            // Lists are scoped: A's officer sees A's two; the administrator all four, newest first.
            let listA = try await client.call(.get, "/v1/reports", token: offA)
            #expect(Set(listA.json["items"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []) == [id, duty.json["id"]?.stringValue ?? "?"])
            #expect(try await client.call(.get, "/v1/reports", token: boss).json["items"]?.arrayValue?.count == 4)
            #expect(try await client.call(.get, "/v1/reports?kind=dutyLog", token: boss).json["items"]?.arrayValue?.count == 1)
            #expect(try await client.call(.get, "/v1/reports?jurisdiction=\(f.stationB.id)", token: offA).json["items"]?.arrayValue?.count == 0)
            #expect(try await client.call(.get, "/v1/reports?language=en&from=\(today)&to=\(today)", token: boss).json["items"]?.arrayValue?.count == 1)

            // Opening: the description, the page (valid HTML, no script, the calls listed), no PDF.
            let one = try await client.call(.get, "/v1/reports/\(id)", token: offA)
            #expect(one.status == .ok && one.json["jurisdictionName"]?.stringValue == f.stationA.name)
            let page = try await client.call(.get, "/v1/reports/\(id)/html", token: offA)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            #expect(page.headers[HeaderName("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            #expect(page.text.contains("三情研判日报") && page.text.contains(f.stationA.name) && !page.text.contains("13812345678"))
            #expect(page.json == .null)
            if let error = ReportPageCheck.strictParseError(page.text) { Issue.record("html5lib (strict): \(error)") }
            let noPDF = try await client.call(.get, "/v1/reports/\(id)/pdf", token: offA)
            #expect(noPDF.status == .notFound && noPDF.code == "no_pdf")

            // Another station's report is not found, exactly as one that does not exist.
            let foreign = try await client.call(.get, "/v1/reports/\(idB)", token: offA)
            let missing = try await client.call(.get, "/v1/reports/daily-nothing", token: offA)
            #expect(foreign.status == .notFound && missing.status == .notFound)
            #expect(foreign.text.replacingOccurrences(of: idB, with: "daily-nothing") == missing.text)
            for suffix in ["/html", "/pdf"] {
                #expect(try await client.call(.get, "/v1/reports/\(idB)\(suffix)", token: offA).status == .notFound)
            }
            // Writing another station's report: its jurisdiction is not found.
            let across = try await client.call(.post, "/v1/reports", token: offA, body: Self.body("daily", f.stationB.id, today))
            #expect(across.status == .notFound && across.code == "not_found")
            #expect(try await world.store.report(ReportID(idB), scope: .everything)?.version == 1)
        }
    }

    @Test func writingAgainReplacesAsTheNextVersion() async throws {
        try await TestWorld.run { world, client in
            let f = world.fixtures
            let audit = try await client.login("audit")
            let yesterday = Self.today(world).advanced(by: -1)
            let first = try await client.call(.post, "/v1/reports", token: audit, body: Self.body("dutyLog", f.stationA.id, yesterday))
            #expect(first.status == .created, "\(first.text)")
            world.time.advance(by: 60)
            let second = try await client.call(.post, "/v1/reports", token: audit, body: Self.body("dutyLog", f.stationA.id, yesterday))
            #expect(second.json["id"] == first.json["id"])
            #expect(second.json["version"] == .number(2))
            #expect(second.json["generatedAt"] != first.json["generatedAt"])
            // Each write is an audited event naming the pages' hash.
            let written = try await world.store.auditEvents(AuditQuery(type: "report.written"), scope: .everything)
            #expect(written.count == 2)
            #expect(written.first?.actor.name == "audit")
            #expect(written.first?.data["report"]?["htmlSHA256"] == second.json["htmlSHA256"])
            #expect(written.first?.data["replaced"] == .number(1))
        }
    }

    @Test func badInputIsRefusedClearly() async throws {
        try await TestWorld.run { world, client in
            let f = world.fixtures
            let boss = try await client.login("boss")
            let today = Self.today(world)
            func post(_ body: String, token: String? = nil) async throws -> Reply {
                try await client.call(.post, "/v1/reports", token: token ?? boss, body: body)
            }
            let future = try await post(Self.body("daily", f.city.id, today.advanced(by: 1)))
            #expect(future.status == .unprocessableContent && future.code == "date_in_future" && future.json["field"] == "date")
            let impossible = try await post(#"{"kind":"daily","jurisdiction":"\#(f.city.id)","date":"2026-02-30"}"#)
            #expect(impossible.status == .unprocessableContent && impossible.code == "invalid_field")
            let malformed = try await post(#"{"kind":"daily","jurisdiction":"\#(f.city.id)","date":"4 Dec"}"#)
            #expect(malformed.status == .unprocessableContent && malformed.code == "invalid_field")
            let unknown = try await post(Self.body("daily", JurisdictionID("nowhere"), today))
            #expect(unknown.status == .notFound && unknown.code == "not_found")
            let district = try await post(Self.body("dutyLog", f.district.id, today))
            #expect(district.status == .unprocessableContent && district.code == "invalid_field" && district.json["field"] == "jurisdiction")
            let kind = try await post(#"{"kind":"weekly","jurisdiction":"\#(f.city.id)","date":"\#(today)"}"#)
            #expect(kind.status == .badRequest)
            let extra = try await post(#"{"kind":"daily","jurisdiction":"\#(f.city.id)","date":"\#(today)","html":"<p>mine</p>"}"#)
            #expect(extra.status == .badRequest)
            #expect(try await client.call(.get, "/v1/reports?from=2026-13-01", token: boss).status == .badRequest)
            #expect(try await client.call(.get, "/v1/reports?kind=weekly", token: boss).status == .badRequest)
            // A crew member reads reports but does not write them.
            let unit = world.fixtures.unitsA[0].id
            _ = try await client.call(.post, "/v1/users", token: boss,
                                      body: #"{"username":"crew9","displayName":"c","role":"fieldOfficer","jurisdictionID":"\#(f.stationA.id)","unitID":"\#(unit)","password":"\#(TestWorld.password)"}"#)
            let crew = try await client.login("crew9")
            let refused = try await post(Self.body("daily", f.stationA.id, today), token: crew)
            #expect(refused.status == .forbidden)
            #expect(try await client.call(.get, "/v1/reports", token: crew).status == .ok)
            #expect(try await world.store.reports(ReportQuery(), scope: .everything).isEmpty)
        }
    }

    @Test func anIdempotencyKeyWritesOnceAndRepliesTheSame() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let body = Self.body("daily", world.fixtures.district.id, Self.today(world))
            let before = try await world.store.lastSequence()
            let first = try await client.call(.post, "/v1/reports", token: boss, body: body, headers: ["Idempotency-Key": "r-1"])
            world.time.advance(by: 60)
            let again = try await client.call(.post, "/v1/reports", token: boss, body: body, headers: ["Idempotency-Key": "r-1"])
            #expect(first.status == .created && again.status == .created)
            #expect(first.text == again.text)
            #expect(again.headers[HeaderName("Idempotent-Replayed")!] == "true")
            #expect(try await world.store.lastSequence() == before + 1)
        }
    }

    @Test(.enabled(if: ChromiumPDF.find() != nil, "needs headless Chromium"))
    func aPDFIsStoredWhereChromiumIsInstalled() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss")
            let r = try await client.call(.post, "/v1/reports", token: boss, body: Self.body("dutyLog", world.fixtures.stationB.id, Self.today(world), pdf: true))
            #expect(r.status == .created, "\(r.text)")
            let id = try #require(r.json["id"]?.stringValue)
            #expect(r.json["links"]?["pdf"]?.stringValue == "/v1/reports/\(id)/pdf")
            let pdf = try await client.call(.get, "/v1/reports/\(id)/pdf", token: boss)
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            #expect(Array(pdf.body.readableBytesView.prefix(5)) == Array("%PDF-".utf8))
            #expect(r.json["pdfBytes"] == .number(Double(pdf.body.readableBytes)))
        }
    }

    /// The figures are the same whichever way they were reached: facts built from the store for
    /// the report (the CLI), the server's facts in memory, or facts the caller holds.
    @Test func theFiguresAgreeWhereverTheyComeFrom() async throws {
        let world = try await TestWorld.make()
        let app = AppServices(store: world.store, time: world.time)
        let f = world.fixtures
        // The eight minutes below must not straddle midnight in China (it failed when run just before 16:00 UTC).
        world.time.advanceToNextMorningInChina()
        let start = world.time.now()
        for k in 0..<4 {
            let i = try await app.incidents.create(Fixtures.call(priority: k == 0 ? .p1 : .p2), by: f.dispatcher).get()
            if k < 2 {
                _ = try await app.incidents.assign(i.id, units: [f.unitsA[k].id], by: f.dispatcher).get()
                world.time.advance(by: 240)
                _ = try await app.incidents.transition(i.id, to: .onScene, note: nil, by: f.dispatcher).get()
            }
        }
        let day = ReportDay(containing: start), asOf = world.time.now()
        let fromStore = try await ReportBuilder(store: world.store, printer: nil).daily(f.stationA, date: day, asOf: asOf)
        let stats = StatsWatch()
        try await stats.load(from: world.store, now: asOf)
        let live = try await ReportBuilder(store: world.store, stats: stats, printer: nil).daily(f.stationA, date: day, asOf: asOf)
        var facts = IncidentFacts()
        for i in try await world.store.incidents(IncidentQuery(limit: 100), scope: .everything).items { facts.upsert(IncidentFact(i, zone: nil)) }
        let held = try await ReportBuilder(store: world.store, facts: facts, alerts: AlertFacts(), printer: nil).daily(f.stationA, date: day, asOf: asOf)
        #expect(fromStore.figures.day.incidents == 4 && fromStore.figures.day.arrivals == 2)
        #expect(fromStore.figures.day.byPriority == ["1": 1, "2": 3])
        #expect(live.figures == fromStore.figures && held.figures == fromStore.figures)
        #expect(live.trend == fromStore.trend && held.trend == fromStore.trend)
        #expect(fromStore.trend.count == 28 && fromStore.trend.last?.incidents == 4)
        #expect(fromStore.priorityOne.count == 1)
    }

    // MARK: The daily job

    static func scheduler(_ world: TestWorld, app: AppServices) -> ReportScheduler {
        ReportScheduler(builder: ReportBuilder(store: world.store, printer: nil), reports: app.reports, store: world.store, time: world.time, hour: 6,
                        languages: [.zh, .en], pdf: false, logger: Logger(label: "test"))
    }

    @Test func theDailyJobWritesYesterdaysReportsOnceAcrossRestarts() async throws {
        let world = try await TestWorld.make()
        let app = AppServices(store: world.store, time: world.time)
        _ = try await app.incidents.create(Fixtures.call(), by: world.fixtures.dispatcher).get()
        let day = ReportDay(containing: world.time.now())
        // 05:59 the next morning: the day before yesterday is due, and nothing happened then.
        world.time.set(day.end + 6 * 3600 - 60)
        #expect(ReportScheduler.dueDay(now: world.time.now(), hour: 6) == day.advanced(by: -1))
        #expect(try await Self.scheduler(world, app: app).writeDue(day.advanced(by: -1)) == nil)
        // 06:00: yesterday's reports: the city's, the district's and both stations' days, both stations' duty logs, in two languages.
        world.time.set(day.end + 6 * 3600)
        let due = ReportScheduler.dueDay(now: world.time.now(), hour: 6)
        #expect(due == day)
        #expect(try await Self.scheduler(world, app: app).writeDue(due) == 12)
        let stored = try await world.store.reports(ReportQuery(), scope: .everything)
        #expect(stored.count == 12)
        #expect(Set(stored.map(\.generatedBy)) == ["scheduler"])
        #expect(stored.filter { $0.kind == .dutyLog }.map(\.jurisdictionID).sorted() == [world.fixtures.stationA.id, world.fixtures.stationA.id,
                                                                                            world.fixtures.stationB.id, world.fixtures.stationB.id].sorted())
        // Again, and again after a restart (a new job over the same store): nothing more is written.
        #expect(try await Self.scheduler(world, app: app).writeDue(due) == 0)
        let restarted = AppServices(store: world.store, time: world.time)
        #expect(try await Self.scheduler(world, app: restarted).writeDue(due) == 0)
        #expect(try await world.store.auditEvents(AuditQuery(type: "report.written", limit: 100), scope: .everything).count == 12)
        // The station's duty log lists the call of the day.
        let page = try #require(try await world.store.reportDocument(ReportCommands.id(kind: .dutyLog, jurisdictionID: world.fixtures.stationA.id, date: day,
                                                                                          language: .zh), scope: .everything))
        #expect(page.html.contains("南京东路300号"))
    }

    @Test func theDueDayTurnsAtTheConfiguredHour() throws {
        let day = try ReportDay("2026-12-05")
        #expect(ReportScheduler.dueDay(now: day.start, hour: 0).description == "2026-12-04")
        #expect(ReportScheduler.dueDay(now: day.start + 6 * 3600 - 1, hour: 6).description == "2026-12-03")
        #expect(ReportScheduler.dueDay(now: day.start + 6 * 3600, hour: 6).description == "2026-12-04")
        #expect(ReportScheduler.dueDay(now: day.end - 1, hour: 23).description == "2026-12-04")
    }
}

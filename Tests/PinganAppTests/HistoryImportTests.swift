import Foundation
import PinganApp
import PinganCore
import PinganGeo
import PinganStore
import PinganStoreSQLite
import PinganTestSupport
import Testing

/// Hears the incidents every commit writes, and the command that wrote them.
final class IncidentWriteObserver: CommitObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [(CommandName, [Incident])] = []

    func committed(_ changes: Changeset, recorded: [RecordedEvent]) async {
        var incidents: [Incident] = []
        for case .incident(let i) in changes.writes { incidents.append(i) }
        lock.withLock { seen.append((changes.command, incidents)) }
    }

    var commits: [(CommandName, [Incident])] { lock.withLock { seen } }
}

/// Past incidents through the application layer on the real embedded store (导入历史警情).
@Suite("History import on SQLite")
struct HistoryImportTests {
    struct World {
        let store: SQLiteStore
        let time: TestTime
        let observer: IncidentWriteObserver
        let app: AppServices
        let fixtures: Fixtures
    }

    /// The fixtures' city with station areas drawn: B holds a box around Nanjing Road East, A
    /// the box west of it. The clock stands at 2026-09-21.
    static func world() async throws -> World {
        let store = try SQLiteStore.inMemory()
        try await store.migrate()
        let time = TestTime(Date(timeIntervalSince1970: 1_790_000_000))
        let observer = IncidentWriteObserver()
        let app = AppServices(store: store, time: time, observers: [observer])
        let f = try await Fixtures.seed(app)
        func box(_ s: Double, _ w: Double, _ n: Double, _ e: Double) throws -> GeoArea {
            try GeoArea(ring: [Coordinate(lat: s, lon: w), Coordinate(lat: s, lon: e), Coordinate(lat: n, lon: e), Coordinate(lat: n, lon: w)])
        }
        _ = try await app.organisation.updateJurisdiction(f.stationB.id, JurisdictionEdit(version: f.stationB.version, area: try box(31.228, 121.478, 31.240, 121.495)),
                                                          by: .shellOperator).get()
        _ = try await app.organisation.updateJurisdiction(f.stationA.id, JurisdictionEdit(version: f.stationA.version, area: try box(31.228, 121.460, 31.240, 121.478)),
                                                          by: .shellOperator).get()
        return World(store: store, time: time, observer: observer, app: app, fixtures: f)
    }

    static let header = "source_id,received_at,dispatched_at,arrived_at,resolved_at,closed_at,category,priority,lat,lon,station,description,feedback\n"

    @Test func goodRowsAreStoredClosedWithTheirTimes() async throws {
        let w = try await Self.world()
        let csv = Self.header + """
            OLD-1,2025-03-01T08:15:30+08:00,2025-03-01T08:16:00+08:00,2025-03-01T08:19:10+08:00,2025-03-01T08:50:00+08:00,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4700,HP01,"两人争吵, 已调解",已调解
            OLD-2,2025-03-01T00:10:00Z,,,,2025-03-01T02:00:00Z,inquiry,4,31.2352,121.4801,,咨询,
            ,2025-03-01T07:00:00+08:00,2025-03-01T07:00:40+08:00,2025-03-01T07:04:00+08:00,2025-03-01T07:30:00+08:00,2025-03-01T09:00:00+08:00,traffic,3,31.2330,121.4650,,,

            """
        let sequenceBefore = try await w.store.lastSequence()
        let summary = try await w.app.history.run(csv: csv, dryRun: false, by: w.fixtures.admin)
        #expect(summary.rows == 3 && summary.imported == 3 && summary.skipped == 0 && !summary.dryRun)
        #expect(summary.stations == ["HP01": 2, "HP02": 1])
        #expect(try await w.store.lastSequence() == sequenceBefore + 3, "one audited event per incident")

        let all = try await w.store.incidents(IncidentQuery(limit: 10), scope: .everything).items
        #expect(all.count == 3 && all.allSatisfy { $0.status == .closed && $0.unitIDs.isEmpty })
        let first = try #require(all.first { $0.sourceID == "OLD-1" })
        #expect(first.jurisdictionID == w.fixtures.stationA.id && first.path == w.fixtures.stationA.path)
        #expect(first.times.receivedAt == Timestamp.parse("2025-03-01T00:15:30Z"))
        #expect(first.times.dispatchedAt == Timestamp.parse("2025-03-01T00:16:00Z"))
        #expect(first.times.onSceneAt == Timestamp.parse("2025-03-01T00:19:10Z"))
        #expect(first.times.resolvedAt == Timestamp.parse("2025-03-01T00:50:00Z"))
        #expect(first.times.closedAt == Timestamp.parse("2025-03-01T02:00:00Z"))
        #expect(first.description == "两人争吵, 已调解" && first.feedback?.summary == "已调解" && first.feedback?.outcome == HistoryImport.outcome)
        #expect(first.category == "dispute" && first.priority == .p2 && first.deadlineRule == nil)
        // Numbered on the day of the call (China Standard Time), in the order of the calls: the
        // traffic call at 07:00 comes before the dispute at 08:15.
        let traffic = try #require(all.first { $0.category == "traffic" })
        #expect(traffic.number == "HP01-20250301-0001" && first.number == "HP01-20250301-0002", "\(traffic.number) \(first.number)")
        // No station named: the area holding the point decides (B's box); steps not given stay empty.
        let second = try #require(all.first { $0.sourceID == "OLD-2" })
        #expect(second.jurisdictionID == w.fixtures.stationB.id && second.number == "HP02-20250301-0001")
        #expect(second.times.dispatchedAt == nil && second.times.onSceneAt == nil && second.times.resolvedAt == nil)
        #expect(traffic.sourceID == nil)

        // The events: one `incident.imported` each, carrying the incident.
        let events = try await w.store.events(after: sequenceBefore, scope: .everything, limit: 10)
        #expect(events.map(\.type) == [.incidentImported, .incidentImported, .incidentImported])
        #expect(Set(events.map(\.command)) == [CommandName.importIncidents.rawValue])
        #expect(try events.map { try JSONCoding.decoder.decode(IncidentEventData.self, from: Data($0.payload.utf8)).incident.id }.sorted() == all.map(\.id).sorted())
        // The observers heard the incidents like any other incident write.
        let heard = w.observer.commits.filter { $0.0 == .importIncidents }.flatMap(\.1)
        #expect(Set(heard.map(\.id)) == Set(all.map(\.id)))

        // Closed: not in the live queue, nothing for a supervision sweep, even long overdue.
        #expect(try await w.store.incidents(IncidentQuery(statuses: IncidentStatus.allCases.filter(\.isOpen)), scope: .everything).total == 0)
        #expect(try await w.app.supervision.sweep().isEmpty)
        #expect(try await w.store.supervisionCases(SupervisionQuery(), scope: .everything).isEmpty)
    }

    @Test func badRowsAreReportedByLineAndNothingStored() async throws {
        let w = try await Self.world()
        let csv = Self.header + """
            A1,2025-03-01T08:15:30+08:00,2025-03-01T08:10:00+08:00,,,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4700,,,
            A2,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,burglaryish,2,31.2352,121.4700,,,
            A3,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,dispute,7,31.2352,121.4700,,,
            A4,2025-03-01 08:15,,,,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4700,,,
            A5,2026-09-20T08:15:30+08:00,,,,2026-09-30T10:00:00+08:00,dispute,2,31.2352,121.4700,,,
            A6,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,dispute,2,39.9042,116.4074,,,
            A7,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4700,XX99,,
            A8,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4700,,,
            A8,2025-03-02T08:15:30+08:00,,,,2025-03-02T10:00:00+08:00,dispute,2,31.2352,121.4700,,,
            A10,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,dispute,2,31.2352
            A11,2025-03-01T08:15:30+08:00,,,,,dispute,2,31.2352,121.4700,,,
            A12,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,dispute,2,91,121.4700,,,
            A13,2025-03-01T12:00:00+08:00,,,2025-03-01T13:00:00+08:00,2025-03-01T12:30:00+08:00,dispute,2,31.2352,121.4700,,,

            """
        let sequenceBefore = try await w.store.lastSequence()
        do {
            _ = try await w.app.history.run(csv: csv, dryRun: false, by: w.fixtures.admin)
            Issue.record("a file with bad rows was accepted")
        } catch let rejected as HistoryImport.Rejected {
            let found = rejected.problems.map { "\($0.line) \($0.field ?? "-")" }
            #expect(found == ["2 dispatched_at", "3 category", "4 priority", "5 received_at", "6 closed_at", "7 lat", "8 station", "10 source_id",
                              "11 -", "12 closed_at", "13 lat", "14 closed_at"], "\(rejected.problems)")
            #expect(rejected.problems.allSatisfy { $0.section == "incidents" && !$0.message.isEmpty })
            #expect(rejected.problems.first { $0.line == 7 }?.message.contains("no station") == true, "outside every area and far from any station")
            #expect(rejected.problems.first { $0.line == 10 }?.message.contains("line 9") == true)
        }
        #expect(try await w.store.lastSequence() == sequenceBefore)
        #expect(try await w.store.incidents(IncidentQuery(), scope: .everything).total == 0)
        // A dry run of the same file is refused the same way.
        await #expect(throws: HistoryImport.Rejected.self) { try await w.app.history.run(csv: csv, dryRun: true, by: w.fixtures.admin) }
    }

    @Test func aSecondImportSkipsWhatTheFirstStoredBySourceID() async throws {
        let w = try await Self.world()
        let csv = Self.header + """
            R-2,2025-05-01T09:00:00+08:00,,,,2025-05-01T10:00:00+08:00,dispute,2,31.2352,121.4700,,,
            R-1,2025-05-01T08:00:00+08:00,,,,2025-05-01T10:00:00+08:00,dispute,2,31.2352,121.4700,,,
            ,2025-05-01T11:00:00+08:00,,,,2025-05-01T12:00:00+08:00,dispute,2,31.2352,121.4700,,,

            """
        let dry = try await w.app.history.run(csv: csv, dryRun: true, by: w.fixtures.admin)
        #expect(dry.dryRun && dry.imported == 3 && dry.skipped == 0)
        #expect(try await w.store.incidents(IncidentQuery(), scope: .everything).total == 0, "a dry run stores nothing")

        let first = try await w.app.history.run(csv: csv, dryRun: false, by: w.fixtures.admin)
        #expect(first.imported == 3 && first.skipped == 0)
        let numbers = try await w.store.incidents(IncidentQuery(), scope: .everything).items.reduce(into: [String: String]()) { $0[$1.sourceID ?? "-"] = $1.number }
        #expect(numbers == ["R-1": "HP01-20250501-0001", "R-2": "HP01-20250501-0002", "-": "HP01-20250501-0003"])

        let sequence = try await w.store.lastSequence()
        let again = try await w.app.history.run(csv: csv, dryRun: false, by: w.fixtures.admin)
        // The rows with a source ID are skipped; the one without is the old system's to number.
        #expect(again.imported == 1 && again.skipped == 2, "\(again)")
        #expect(try await w.store.lastSequence() == sequence + 1)
        #expect(try await w.store.incidents(IncidentQuery(), scope: .everything).total == 4)
        let dryAgain = try await w.app.history.run(csv: csv, dryRun: true, by: w.fixtures.admin)
        #expect(dryAgain.skipped == 2 && dryAgain.imported == 1)
    }

    /// Two imports of one file at once: each row is stored once (the later insert conflicts, is
    /// decided again and skips), and between them the summaries account for every row.
    @Test func twoImportsRacingStoreEachRowOnce() async throws {
        let w = try await Self.world()
        var csv = Self.header
        let start = Date(timeIntervalSince1970: 1_745_000_000)
        for i in 0..<300 {
            let received = start.addingTimeInterval(Double(i) * 600)
            csv += "C-\(i),\(Timestamp.format(received)),,,,\(Timestamp.format(received.addingTimeInterval(900))),dispute,2,31.2330,121.4650,HP01,,\n"
        }
        var history = w.app.history
        history.batchSize = 50
        let runs = try await withThrowingTaskGroup(of: HistoryImportCommands.Summary.self) { group in
            for _ in 0..<2 { group.addTask { [history, csv] in try await history.run(csv: csv, dryRun: false, by: w.fixtures.admin) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(runs.map(\.imported).reduce(0, +) == 300 && runs.map(\.skipped).reduce(0, +) == 300, "\(runs)")
        let stored = try await w.store.incidents(IncidentQuery(limit: 1000), scope: .everything)
        #expect(stored.total == 300 && Set(stored.items.compactMap(\.sourceID)).count == 300)
        #expect(Set(stored.items.map(\.number)).count == 300, "numbers are never handed out twice")
    }

    @Test func batchesStoreEveryRowAndStationsOutsideTheScopeAreUnknown() async throws {
        let w = try await Self.world()
        var history = w.app.history
        history.batchSize = 7
        var csv = Self.header
        let start = Date(timeIntervalSince1970: 1_740_000_000)
        for i in 0..<50 {
            let received = start.addingTimeInterval(Double(i) * 3600)
            csv += "B-\(i),\(Timestamp.format(received)),,,,\(Timestamp.format(received.addingTimeInterval(1800))),publicOrder,3,31.2330,121.4650,HP01,,\n"
        }
        let summary = try await history.run(csv: csv, dryRun: false, by: w.fixtures.admin)
        #expect(summary.imported == 50 && summary.batches == 8)
        #expect(try await w.store.incidents(IncidentQuery(), scope: .everything).total == 50)
        #expect(Set(w.observer.commits.filter { $0.0 == .importIncidents }.map(\.1.count)) == [7, 1])

        // Station B's officer may not file into station A: its code is unknown from B's scope.
        let fromB = Self.header + "X-1,2025-03-01T08:15:30+08:00,,,,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4700,HP01,,\n"
        do {
            _ = try await history.run(csv: fromB, dryRun: true, by: w.fixtures.officerB)
            Issue.record("a row for another station was accepted")
        } catch let rejected as HistoryImport.Rejected {
            #expect(rejected.problems.map(\.field) == ["station"])
        }
    }

    @Test func tooManyRowsAndEmptyFilesAreRefused() async throws {
        let w = try await Self.world()
        let row = "2025-03-01T08:15:30+08:00,2025-03-01T10:00:00+08:00,dispute,2,31.2352,121.4700\n"
        let big = "received_at,closed_at,category,priority,lat,lon\n" + String(repeating: row, count: HistoryImport.maxRows + 1)
        await #expect(throws: DomainError.self) { try await w.app.history.run(csv: big, dryRun: true, by: w.fixtures.admin) }
        do {
            _ = try await w.app.history.run(csv: big, dryRun: true, by: w.fixtures.admin)
        } catch let error as DomainError {
            #expect(error.code == .tooManyRows)
        }
        await #expect(throws: DomainError.self) { try await w.app.history.run(csv: Self.header, dryRun: false, by: w.fixtures.admin) }
        do {
            _ = try await w.app.history.run(csv: "received_at,closed_at,colour\n", dryRun: false, by: w.fixtures.admin)
            Issue.record("a file with wrong columns was accepted")
        } catch let rejected as HistoryImport.Rejected {
            #expect(rejected.problems.count == 1 && rejected.problems[0].line == 1 && rejected.problems[0].message.contains("missing column"))
        }
    }

    /// The reader: a byte-order mark, CRLF line ends, a quoted description with a comma, doubled
    /// quotes and a line break in it (the next record's line counts it), columns in any order.
    @Test func theReaderKeepsQuotedTextAndCountsLines() throws {
        let csv = "\u{FEFF}lon,lat,priority,category,closed_at,received_at,description,source_id\r\n"
            + "121.47,31.2352,2,dispute,2025-03-01T10:00:00+08:00,2025-03-01T08:15:30+08:00,\"他说\"\"别走\"\"，\r\n然后, 离开\",Q-1\r\n"
            + "121.47,31.2352,2,dispute,2025-03-01T10:00:00+08:00,2025-03-01T08:15:30+08:00,,\r\n"
            + "121.47,31.2352,5,dispute,2025-03-01T10:00:00+08:00,2025-03-01T08:15:30+08:00,,Q-3"
        let (rows, problems) = try HistoryFormat.read(csv)
        #expect(rows.count == 2 && rows[0].line == 2 && rows[1].line == 4)
        #expect(rows[0].description == "他说\"别走\"，\r\n然后, 离开" && rows[0].sourceID == "Q-1")
        #expect(rows[1].description == nil && rows[1].sourceID == nil)
        #expect(rows[0].location == Coordinate(lat: 31.2352, lon: 121.47) && rows[0].priority == .p2)
        #expect(problems.map(\.line) == [5] && problems.map(\.field) == ["priority"])
    }

    @Test func sourceIDsMapToStableIncidentIDsPerCity() {
        let a = HistoryImportCommands.incidentID(city: "sh", source: "2025-0001")
        #expect(a == HistoryImportCommands.incidentID(city: "sh", source: "2025-0001"))
        #expect(a != HistoryImportCommands.incidentID(city: "bj", source: "2025-0001"))
        #expect(a != HistoryImportCommands.incidentID(city: "sh", source: "2025-0002"))
        #expect(a.rawValue.count == 36 && IncidentID.isWellFormed(a.rawValue))
    }
}

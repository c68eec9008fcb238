import Foundation
import Logging
import PinganApp
import PinganCore
import PinganGeo
import PinganServer
import PinganStore

/// The registries' figures (issue 21), measured against the real server on a file-backed store:
///
/// - a population list of `rows` people posted to `POST /v1/inhabitants/import` as CSV, timed
///   from sending to the reply (parse, check, duplicate detection, one durable commit): people
///   live in households of 1 to 5 at one address (2.6 on average; the 2020 census counts 2.62 per
///   household), and one row in a hundred repeats an earlier person, which the reply must list.
///   Then a second list where everyone lives alone, so every row registers an address as well
///   (`import_one_per_address_s`, the worst case);
/// - a day's anti-fraud warning list of `warningRows` rows posted to `POST
///   /v1/fraud-warnings/import` (`warnings_import_s`): each row with a structured address, half
///   of them doors the population import registered (routed to their station by the registry),
///   the rest unknown doors that go to the station the import names;
/// - the registry then grown to `addresses` standard addresses (committed in batches through the
///   command runner, as registrations are), and `queries` fragments typed by a user searched
///   through `GET /v1/addresses?q=` over loopback: each is 2 to 8 characters cut from a stored
///   address, so every one has an answer. `index_load_s` is what a server starting on that store
///   reads before it can search (it reads at start, off the request path);
/// - `volunteers` volunteer accounts of one team, each on shift with a session of their own,
///   sharing positions over `POST /v1/volunteer-shifts/{id}/position` (`positionsEach` each, eight
///   phones at a time, as a team's phones would on one server): the positions a second and each
///   one's p99 from sending to the reply (`volunteer_positions_per_s`, `volunteer_position_p99_ms`);
///   then the station's list of those on patrol, read as the map layer reads it every 20 s
///   (`volunteer_patrol_read_ms`).
///
/// Street names are the real ones of the shipped Shanghai map (OpenStreetMap, ODbL), districts
/// central Shanghai's; numbers, buildings, units, rooms, names and ID numbers are drawn from a
/// seeded generator, the ID numbers with their real check characters.
struct RegistriesBenchmark {
    var rows = 100_000
    var addresses = 1_000_000
    var queries = 5_000
    var warningRows = 10_000
    var volunteers = 200
    var positionsEach = 10
    var database: String?
    var seed: UInt64 = 21

    static let districts = ["黄浦区", "静安区", "徐汇区", "长宁区", "普陀区", "虹口区", "杨浦区", "浦东新区"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华")
    static let stations = 8

    struct Result {
        var store = ""
        var streetSource = ""
        var streets = 0
        var importRows = 0
        var importSeconds = 0.0
        var householdAddresses = 0
        var importSinglesSeconds = 0.0
        var duplicatesPlanted = 0
        var duplicatesReported = 0
        var addresses = 0
        var loadSeconds = 0.0
        var indexLoadSeconds = 0.0
        var searchMs: [Double] = []
        var emptyAnswers = 0
        var scopedSearchMs: [Double] = []
        var warningRows = 0
        var warningSeconds = 0.0
        var warningsByRegistry = 0
        var positions = 0
        var positionSeconds = 0.0
        var positionMs: [Double] = []
        var patrolReadMs = 0.0
    }

    func run(progress: (String) -> Void) async throws -> Result {
        var result = Result()
        var random = SplitMix64(seed: seed)
        let streets = Self.streetNames()
        result.streets = streets.names.count
        result.streetSource = streets.source
        progress("\(streets.names.count) street names (\(streets.source))")

        let bench = try await BenchStore(database: database, name: "registries")
        defer { Task { await bench.close() } }
        result.store = bench.kind
        let app = AppServices(store: bench.store)
        let stations = (1...Self.stations).map { i in
            Jurisdiction(id: JurisdictionID("bench-s\(i)"), parentID: BenchCity.district.id, level: .station, code: "BS\(i)", name: "Bench S\(i)",
                         path: Jurisdiction.path(for: JurisdictionID("bench-s\(i)"), under: BenchCity.district))
        }
        let token = try await BenchCity.seed(app, stations: stations)

        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        /// A server on the store, as `pingan serve` runs one; stopped by cancelling its task.
        func serve() async throws -> (Task<Void, any Error>, Int, APIClient) {
            let port = try DispatchHTTPBenchmark.freePort()
            let server = try await buildApplication(store: bench.store, configuration: ServerConfiguration(host: "127.0.0.1", port: port, bcryptCost: 4),
                                                    logger: logger)
            let running = Task { try await server.runService(gracefulShutdownSignals: []) }
            let client = APIClient(base: URL(string: "http://127.0.0.1:\(port)/")!, token: token)
            try await client.waitUntilServing()
            return (running, port, client)
        }
        let (importing, port, _) = try await serve()

        // The population list: one person in a hundred repeats an earlier one.
        func part(_ n: UInt64) -> Int { Int(random.next() % n) }
        func address() -> (String, String, Int, Int, Int, Int) {
            (Self.districts[part(UInt64(Self.districts.count))], streets.names[part(UInt64(streets.names.count))], 1 + part(1500), 1 + part(30),
             1 + part(6), 100 * (1 + part(30)) + 1 + part(6))
        }
        /// A list of `rows` people: households of `household()` people at one address each; one
        /// row in a hundred repeats an earlier person.
        func list(_ household: () -> Int) -> (csv: String, planted: Int) {
            var csv = "district,street,number,building,unit,room,name,idNumber,kind,permit,permitExpiry,phone\n"
            var people: [String] = []
            var planted = 0, i = 0
            while i < rows {
                let (d, s, n, b, u, r) = address()
                for _ in 0..<household() where i < rows {
                    defer { i += 1 }
                    if i > 0 && i % 100 == 0 {
                        csv += people[part(UInt64(people.count))]
                        planted += 1
                        continue
                    }
                    let temporary = part(4) == 0
                    let line = "\(d),\(s),\(n),\(b),\(u),\(r),\(Self.surnames[part(20)])\(Self.given[part(20)]),\(SimulatedIDNumber.next(&random)),"
                        + (temporary ? "temporary,valid,2030-06-30," : "registered,,,") + "1\(3 + part(7))\(String(format: "%09d", part(1_000_000_000)))\n"
                    people.append(line)
                    csv += line
                }
            }
            return (csv, planted)
        }
        /// Posts a list and answers the seconds and the reply.
        func post(_ csv: String, to route: String = "/v1/inhabitants/import") async throws -> (Double, [String: Any]) {
            let body = try JSONSerialization.data(withJSONObject: ["csv": csv, "stationID": stations[0].id.rawValue])
            // A plain socket client: URLSession on Linux spent more CPU uploading the 9 MB than
            // the server spent importing it (see LoopbackPoster).
            let poster = try LoopbackPoster(port: port, token: token)
            let started = ContinuousClock.now
            let (status, answer) = try await poster.postOffPool(route, body: Array(body))
            let seconds = Self.seconds(ContinuousClock.now - started)
            guard status == 200 else { throw LoopbackPoster.Failure(description: "import answered \(status): \(String(decoding: answer.prefix(300), as: UTF8.self))") }
            return (seconds, try JSONSerialization.jsonObject(with: Data(answer)) as? [String: Any] ?? [:])
        }
        // Households as the 2020 census counts them (2.62 people on average): 1 to 5 people.
        let households = list { [1, 1, 2, 2, 2, 3, 3, 3, 4, 5][part(10)] }
        result.duplicatesPlanted = households.planted
        result.importRows = rows
        progress("importing \(rows) people in households (\(households.csv.utf8.count / 1024) KiB of CSV) over HTTP")
        let (seconds, summary) = try await post(households.csv)
        result.importSeconds = seconds
        result.duplicatesReported = (summary["duplicates"] as? [Any])?.count ?? -1
        result.householdAddresses = summary["addressesCreated"] as? Int ?? 0
        progress(String(format: "imported in %.2f s: %@ addresses, %@ people, %d duplicates listed", result.importSeconds,
                        "\(summary["addressesCreated"] ?? "?")", "\(summary["inhabitantsCreated"] ?? "?")", result.duplicatesReported))
        // The worst case: every person at an address of their own, so every row registers an address too.
        let singles = list { 1 }
        let (singleSeconds, singleSummary) = try await post(singles.csv)
        result.importSinglesSeconds = singleSeconds
        progress(String(format: "one person per address: imported in %.2f s (%@ addresses)", singleSeconds, "\(singleSummary["addressesCreated"] ?? "?")"))
        let summaries = [summary, singleSummary]

        // A day's warning list: half the people at doors just registered, half at unknown ones.
        let known = singles.csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).prefix(6).joined(separator: ",") }
        let deadline = ReportDay(containing: Date()).advanced(by: 1).description
        var warnings = "reference,victimName,phone,district,street,number,building,unit,room,reason,amountAtRisk,deadline\n"
        for i in 0..<warningRows {
            let door: String
            if i % 2 == 0, !known.isEmpty { door = known[part(UInt64(known.count))] } else { let a = address(); door = "\(a.0),\(a.1),\(a.2),\(a.3),\(a.4),\(a.5)" }
            warnings += "BENCH-FZ-\(i),\(Self.surnames[part(20)])\(Self.given[part(20)]),1\(3 + part(7))\(String(format: "%09d", part(1_000_000_000))),"
                + "\(door),刷单返利,\(1_000 * (1 + part(100))),\(deadline)\n"
        }
        progress("importing a warning list of \(warningRows) rows")
        let (warningSeconds, warningSummary) = try await post(warnings, to: "/v1/fraud-warnings/import")
        result.warningRows = warningSummary["received"] as? Int ?? 0
        result.warningSeconds = warningSeconds
        result.warningsByRegistry = (warningSummary["byRouting"] as? [String: Any])?["standardAddress"] as? Int ?? 0
        progress(String(format: "warnings imported in %.2f s: %d received, %d routed by the registry", warningSeconds, result.warningRows, result.warningsByRegistry))

        // Volunteers on shift sharing positions.
        let root = User(id: UserID("bench-root"), username: "bench-root", displayName: "bench", role: .admin, jurisdictionID: Jurisdiction.root.id,
                        passwordHash: "", path: Jurisdiction.root.path)
        let team = try await app.volunteers.createTeam(name: "Bench volunteers", stationID: stations[0].id, zoneIDs: [], by: root).get()
        var phones: [(APIClient, String, Coordinate)] = []
        let base = URL(string: "http://127.0.0.1:\(port)/")!
        for i in 0..<volunteers {
            let user = try await app.users.create(username: "bench-vol-\(i)", displayName: "Volunteer \(i)", role: .volunteer, jurisdictionID: stations[0].id,
                                                  unitID: nil, passwordHash: "", by: Actor(id: "bench", name: "bench"), scope: .everything).get()
            _ = try await app.volunteers.addMember(team.id, username: user.username, phone: nil, version: nil, by: root).get()
            let client = APIClient(base: base, token: try await ServiceToken.issue(for: user, users: app.users))
            let shift = try JSONSerialization.jsonObject(with: try await client.send("POST", "v1/volunteer-shifts", json: [String: Any]())) as? [String: Any]
            phones.append((client, shift?["id"] as? String ?? "", Coordinate(lat: 31.23 + Double(part(1000)) * 1e-5, lon: 121.47 + Double(part(1000)) * 1e-5)))
        }
        progress("\(volunteers) volunteers on shift; \(positionsEach) positions each, eight phones at a time")
        let positionStart = ContinuousClock.now
        result.positionMs = try await withThrowingTaskGroup(of: [Double].self) { group in
            for lane in 0..<8 {
                let mine = phones.enumerated().filter { $0.offset % 8 == lane }.map(\.element)
                group.addTask {
                    var times: [Double] = []
                    for k in 0..<positionsEach {
                        for (client, shift, at) in mine {
                            let t = ContinuousClock.now
                            try await client.send("POST", "v1/volunteer-shifts/\(shift)/position",
                                                  json: ["location": ["lat": at.lat + Double(k) * 1e-4, "lon": at.lon]])
                            times.append(Self.seconds(ContinuousClock.now - t) * 1000)
                        }
                    }
                    return times
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }.sorted()
        result.positionSeconds = Self.seconds(ContinuousClock.now - positionStart)
        result.positions = result.positionMs.count
        let station = APIClient(base: base, token: token)
        let patrolStart = ContinuousClock.now
        let patrol = try JSONSerialization.jsonObject(with: try await station.send("GET", "v1/volunteer-shifts")) as? [String: Any]
        result.patrolReadMs = Self.seconds(ContinuousClock.now - patrolStart) * 1000
        guard (patrol?["items"] as? [Any])?.count == volunteers else { throw LoopbackPoster.Failure(description: "the patrol list does not hold the \(volunteers) volunteers on shift") }
        progress(String(format: "%d positions in %.2f s; the patrol list read in %.1f ms", result.positions, result.positionSeconds, result.patrolReadMs))
        importing.cancel()

        // The registry grown to `addresses`, a batch per command.
        var texts: [String] = []
        let imported = summaries.reduce(0) { $0 + ($1["addressesCreated"] as? Int ?? 0) }
        let wanted = max(0, addresses - imported)
        progress("registering \(wanted) more addresses in batches")
        let loadStart = ContinuousClock.now
        var made = 0
        var seen = Set<String>()
        while made < wanted {
            var events: [Event] = [], writes: [EntityWrite] = []
            while events.count < min(20_000, wanted - made) {
                let (d, s, n, b, u, r) = address()
                let raw = AddressParts(district: d, street: s, number: "\(n)", building: "\(b)", unit: "\(u)", room: "\(r)")
                guard seen.insert(raw.key).inserted else { continue }
                let station = stations[part(UInt64(stations.count))]
                let (a, event) = try RegistryDecider.address(raw, location: nil, id: .random(), station: station, existing: nil)
                events.append(event)
                writes.append(.address(a))
            }
            let decision = Decision(events: events, writes: writes, output: ())
            _ = try await app.runner.run(.registerAddress, by: Actor(id: "bench", name: "bench")) { _ in decision }
            made += events.count
        }
        result.addresses = imported + made
        texts = try await bench.store.addressIndexRows().prefix(200_000).map(\.text)
        result.loadSeconds = Self.seconds(ContinuousClock.now - loadStart)
        progress(String(format: "%d addresses stored (%.1f s)", result.addresses, result.loadSeconds))

        // Typed fragments: 2 to 8 characters of a stored address.
        func fragment() -> String {
            let text = Array(texts[part(UInt64(texts.count))])
            let length = min(text.count, 2 + part(7))
            let start = part(UInt64(text.count - length + 1))
            return String(text[start..<start + length])
        }
        func search(_ q: String, on client: APIClient) async throws -> Int {
            let path = "v1/addresses?limit=20&q=" + q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let data = try await client.send("GET", path, body: nil)
            return ((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["items"] as? [Any])?.count ?? 0
        }
        // What a server starting on this store reads before it can search (it does so at start).
        let indexStart = ContinuousClock.now
        try await AddressDirectory(store: bench.store).warm()
        result.indexLoadSeconds = Self.seconds(ContinuousClock.now - indexStart)
        let (searching, _, client) = try await serve()
        defer { searching.cancel() }
        _ = try await search(fragment(), on: client)   // waits for the server's own load
        progress(String(format: "a server's index read in %.2f s; %d searches", result.indexLoadSeconds, queries))
        for _ in 0..<min(200, queries) { _ = try await search(fragment(), on: client) }  // warm-up
        for _ in 0..<queries {
            let q = fragment()
            let t = ContinuousClock.now
            let found = try await search(q, on: client)
            result.searchMs.append(Self.seconds(ContinuousClock.now - t) * 1000)
            if found == 0 { result.emptyAnswers += 1 }
        }
        // The same in process for a station's officer: the scope filter at work.
        let officer = User(id: UserID("bench-officer"), username: "bench-officer", displayName: "Officer", role: .stationOfficer,
                           jurisdictionID: stations[1].id, passwordHash: "", path: stations[1].path)
        try await app.registry.directory.warm()
        for _ in 0..<queries {
            let q = fragment()
            let t = ContinuousClock.now
            _ = try await app.registry.search(q, limit: 20, for: officer)
            result.scopedSearchMs.append(Self.seconds(ContinuousClock.now - t) * 1000)
        }
        result.searchMs.sort()
        result.scopedSearchMs.sort()
        return result
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    /// The shipped map's named streets, or generated names (and the figures say so).
    static func streetNames() -> (names: [String], source: String) {
        if let path = Serve.defaultMapPath, let loaded = try? RoadNetwork.loadSource(path: path, streets: true), !loaded.streets.names.isEmpty {
            let chinese = loaded.streets.names.filter { $0.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF } && !$0.contains(",") }
            if chinese.count >= 50 { return (chinese, "shanghai_center.osm (OpenStreetMap, ODbL)") }
        }
        return ((1...800).map { "第\($0)路" }, "synthetic")
    }
}

import Foundation
import Hummingbird
import HummingbirdTesting
import PinganCore
import PinganStore
import Testing

/// The scope check, generated from the OpenAPI document: every operation, called by a user of
/// every role confined to station A, against objects of station B. A caller must learn nothing
/// of B: a request naming a B object (in the path, the body or a query filter) is answered
/// exactly as the same request naming an object that does not exist, never with success, and
/// no reply to anything carries a B object's ID. A route added without a way to name its
/// objects here fails the matrix rather than escaping it.
struct AccessMatrix {
    /// One documented operation, as read from `/openapi.json`.
    struct Operation: Sendable {
        var method: String
        var path: String
        var query: [String]
        var hasBody: Bool
        var xml: Bool
        var isPublic: Bool
        var key: String { "\(method) \(path)" }
    }

    /// What the matrix found wrong, one line per case.
    struct Leak: CustomStringConvertible, Sendable {
        var operation: String
        var role: Role
        var what: String
        var description: String { "\(operation) as \(role.rawValue): \(what)" }
    }

    /// IDs of objects of one side (A: the callers' own station, B: the foreign one).
    struct Objects: Sendable {
        var station: String, unit: String, incident: String, zone: String, post: String, user: String, message: String
        var unitCallsign: String
        var sensor: String, watchlist: String, entry: String, alert: String
        var agency: String, referral: String
        var supervision = ""
        var report = ""
        var address = ""
        var warning = ""
        var dispute = ""
        var team = ""
        var shift = ""

        /// The report first: its ID names its station's, so it is swapped whole before the station's is.
        var all: [String] {
            [report, station, unit, incident, zone, post, user, message, sensor, watchlist, entry, alert, agency, referral, supervision, address, warning, dispute,
             team, shift]
        }

        /// The object a path template's `{id}` names.
        func id(for path: String) -> String? {
            let kinds: [(String, String)] = [("/volunteer-teams/", team), ("/volunteer-shifts/", shift), ("/jurisdictions/", station), ("/posts/", post), ("/zones/", zone), ("/units/", unit),
                                             ("/incidents/", incident), ("/users/", user), ("/messages/", message), ("/sensors/", sensor),
                                             ("/watchlists/", watchlist), ("/alerts/", alert), ("/agencies/", agency), ("/referrals/", referral),
                                             ("/supervision/", supervision), ("/reports/", report), ("/addresses/", address),
                                             ("/fraud-warnings/", warning), ("/disputes/", dispute)]
            return kinds.first { path.contains($0.0) }?.1
        }
    }

    let own: Objects
    let foreign: Objects
    /// IDs that must never appear in a reply: the foreign objects and whatever else lives in B.
    let secrets: [String]

    static func operations(from document: JSONValue) -> [Operation] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        var result: [Operation] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            guard case .object(let methods) = item else { continue }
            for (method, op) in methods.sorted(by: { $0.key < $1.key }) {
                var query: [String] = []
                if case .array(let params)? = op["parameters"] {
                    for p in params where p["in"]?.stringValue == "query" { query.append(p["name"]?.stringValue ?? "") }
                }
                let content = op["requestBody"]?["content"]
                result.append(Operation(method: method.uppercased(), path: path, query: query, hasBody: content != nil,
                                        xml: content?["application/xml"] != nil, isPublic: op["security"] == nil))
            }
        }
        return result
    }

    /// A plausible body for `op` whose references (stations, units) name `ref`'s objects.
    func body(for op: Operation, refs ref: Objects) -> String? {
        guard op.hasBody else { return nil }
        let loc = #"{"lat":31.2352,"lon":121.4801}"#
        let square = #"[{"lat":31.23,"lon":121.47},{"lat":31.23,"lon":121.48},{"lat":31.24,"lon":121.48},{"lat":31.24,"lon":121.47}]"#
        let now = Timestamp.format(Date())
        let tomorrow = ReportDay(containing: Date()).advanced(by: 1)
        switch op.key {
        case "POST /v1/auth/login": return #"{"username":"nobody","password":"nothing-at-all"}"#
        case "POST /v1/jurisdictions": return #"{"parentID":"\#(ref.station)","level":"community","code":"MX1","name":"矩阵社区"}"#
        case "PATCH /v1/jurisdictions/{id}": return #"{"version":1,"name":"改名"}"#
        case "PUT /v1/jurisdictions/{id}/policy": return #"{"version":1,"deadlines":{"1":{"dispatchSeconds":60,"arriveSeconds":300,"feedbackSeconds":3600}}}"#
        case "POST /v1/posts": return #"{"stationID":"\#(ref.station)","kind":"streetPost","name":"矩阵岗","location":\#(loc)}"#
        case "PATCH /v1/posts/{id}": return #"{"version":1,"name":"改名"}"#
        case "POST /v1/zones": return #"{"stationID":"\#(own.station)","name":"矩阵巡区","boundary":\#(square),"unitIDs":["\#(ref.unit)"]}"#
        case "PATCH /v1/zones/{id}": return #"{"version":1,"unitIDs":["\#(ref.unit)"]}"#
        case "POST /v1/units": return #"{"callsign":"MX-1","kind":"patrolCar","stationID":"\#(ref.station)","crew":2}"#
        case "PATCH /v1/units/{id}": return #"{"version":1,"crew":3}"#
        case "POST /v1/units/{id}/status": return #"{"status":"offDuty"}"#
        case "POST /v1/incidents":
            return #"{"category":"dispute","priority":2,"location":\#(loc),"address":"南京东路300号","description":"矩阵","jurisdictionID":"\#(ref.station)"}"#
        case "POST /v1/incidents/{id}/transition": return #"{"status":"cancelled"}"#
        case "POST /v1/incidents/{id}/assign", "POST /v1/incidents/{id}/dispatch": return #"{"unitIDs":["\#(ref.unit)"]}"#
        case "POST /v1/incidents/{id}/unassign": return #"{"unitID":"\#(ref.unit)"}"#
        case "POST /v1/incidents/{id}/feedback": return #"{"outcome":"resolved","summary":"矩阵"}"#
        case "POST /v1/messages": return #"{"unitID":"\#(ref.unit)","text":"矩阵"}"#
        case "POST /v1/key-places/import": return #"{"stationID":"\#(ref.station)"}"#
        case "POST /v1/patrol/moves": return #"{"unitID":"\#(ref.unit)","postID":"\#(ref.post)"}"#
        case "POST /v1/patrol/zone-design/adopt": return #"{"stationID":"\#(ref.station)","zones":[{"name":"矩阵巡区","boundary":\#(square)}]}"#
        case "POST /v1/messages/{id}/ack": return #"{"state":"read"}"#
        case "POST /v1/addresses": return #"{"district":"黄浦区","street":"矩阵路","number":"1","stationID":"\#(ref.station)"}"#
        case "POST /v1/addresses/{id}/check": return #"{"version":1}"#
        case "POST /v1/addresses/{id}/house": return #"{"use":"rented","ownerName":"矩阵","tenants":2}"#
        case "POST /v1/addresses/{id}/organisations": return #"{"name":"矩阵公司","kind":"company","creditCode":"91350100M000100Y43","principal":"矩阵"}"#
        case "POST /v1/inhabitants": return #"{"addressID":"\#(ref.address)","name":"矩阵","idNumber":"310101200005055678","kind":"registered"}"#
        case "POST /v1/inhabitants/import":
            return #"{"stationID":"\#(ref.station)","csv":"district,street,number,name,idNumber,kind\n黄浦区,矩阵路,2,矩阵,31010519950404456X,registered\n"}"#
        case "POST /v1/fraud-warnings":
            return #"{"reference":"MX-\#(ref.station.prefix(12))","victimName":"矩阵","phone":"13900000000","address":"矩阵路","reason":"矩阵","deadline":"\#(tomorrow)","stationID":"\#(ref.station)"}"#
        case "POST /v1/fraud-warnings/import":
            return #"{"stationID":"\#(ref.station)","csv":"reference,victimName,phone,address,reason,deadline\nMXI-\#(ref.station.prefix(12)),矩阵,13900000000,矩阵路,矩阵,\#(tomorrow)\n"}"#
        case "POST /v1/fraud-warnings/cap":
            return #"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>mx-fw-1</identifier><sender>matrix@example.org</sender><sent>2026-12-05T09:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Restricted</scope><info><category>Security</category><event>矩阵</event><urgency>Immediate</urgency><severity>Severe</severity><certainty>Likely</certainty><expires>\#(CAPDateTime.format(Date().addingTimeInterval(86_400), utcOffsetMinutes: 480))</expires><parameter><valueName>victimName</valueName><value>矩阵</value></parameter><parameter><valueName>phone</valueName><value>13900000000</value></parameter><area><areaDesc>南京东路</areaDesc><circle>31.2352,121.4801 0.5</circle></area></info></alert>"#
        case "POST /v1/fraud-warnings/{id}/follow-up": return #"{"status":"contacted"}"#
        case "POST /v1/disputes":
            return #"{"kind":"neighbour","risk":"low","summary":"矩阵","parties":[{"name":"矩阵"}],"address":"矩阵路","stationID":"\#(ref.station)"}"#
        case "POST /v1/disputes/{id}/sessions": return #"{"note":"矩阵","outcome":"continuing"}"#
        case "POST /v1/disputes/{id}/escalate": return #"{"priority":3}"#
        case "POST /v1/volunteer-teams": return #"{"name":"矩阵义警","stationID":"\#(ref.station)"}"#
        case "POST /v1/volunteer-teams/{id}/members": return #"{"username":"mx-volunteer"}"#
        case "POST /v1/volunteer-shifts", "POST /v1/volunteer-shifts/{id}/end": return "{}"
        case "POST /v1/volunteer-shifts/{id}/position": return #"{"location":\#(loc)}"#
        case "POST /v1/volunteer-shifts/{id}/reports": return #"{"text":"矩阵"}"#
        case "POST /v1/volunteer-shifts/{id}/review": return #"{"report":1,"outcome":"kept"}"#
        case "POST /v1/volunteer-shifts/{id}/file": return #"{"report":1}"#
        case "PUT /v1/demo": return #"{"autoDispatch":false}"#
        case "POST /v1/users":
            return #"{"username":"mx-user","displayName":"矩阵","role":"dispatcher","jurisdictionID":"\#(ref.station)","password":"matrix-password-1"}"#
        case "PATCH /v1/users/{id}": return #"{"version":1,"displayName":"改名"}"#
        case "POST /v1/users/{id}/password": return #"{"password":"matrix-password-2"}"#
        case "POST /v1/auth/password": return #"{"currentPassword":"not-the-password","newPassword":"matrix-password-3"}"#
        // Station B's code: an import may not reach it from station A's scope.
        case "POST /v1/import": return #"{"units":"callsign,kind,station,crew\nMX-9,patrolCar,HP02,2\n"}"#
        // Station B's code again, for a past incident: unknown from station A's scope.
        case "POST /v1/import/incidents":
            return #"{"dryRun":true,"incidents":"received_at,closed_at,category,priority,lat,lon,station\n2025-03-01T08:00:00+08:00,2025-03-01T09:00:00+08:00,dispute,2,31.2304,121.49,HP02\n"}"#
        // A duty log of yesterday (China Standard Time), without a PDF: a report of `ref`'s station.
        case "POST /v1/reports":
            return #"{"kind":"dutyLog","jurisdiction":"\#(ref.station)","date":"\#(ReportDay(containing: Date()).advanced(by: -1))","pdf":false}"#
        case "POST /v1/positions": return #"{"fixes":[{"unitID":"\#(ref.unit)","time":"\#(now)","lat":31.2352,"lon":121.4801}]}"#
        case "POST /v1/positions/cot": return #"<event uid="\#(ref.unitCallsign)" time="\#(now)"><point lat="31.2352" lon="121.4801"/></event>"#
        case "POST /v1/sensors": return #"{"name":"矩阵卡口","kind":"gate","jurisdictionID":"\#(ref.station)","location":\#(loc)}"#
        case "PATCH /v1/sensors/{id}": return #"{"version":1,"name":"改名"}"#
        case "POST /v1/sensors/{id}/token", "POST /v1/sensors/{id}/heartbeat", "POST /v1/alerts/{id}/acknowledge", "POST /v1/alerts/{id}/split": return "{}"
        case "POST /v1/sensors/{id}/records": return #"{"batchID":"mx-\#(ref.station)","records":[{"at":"\#(now)","kind":"plate","plate":"沪A99999"}]}"#
        case "POST /v1/watchlists": return #"{"name":"矩阵","reason":"矩阵","severity":"minor","jurisdictionID":"\#(ref.station)","visibleTo":["\#(ref.station)"]}"#
        case "POST /v1/watchlists/check": return #"{"kind":"plate","value":"\#(SensingWorld.plate)"}"#
        case "PATCH /v1/watchlists/{id}": return #"{"version":1,"visibleTo":["\#(ref.station)"]}"#
        case "POST /v1/watchlists/{id}/entries": return #"{"kind":"plate","value":"沪A77777"}"#
        case "POST /v1/alerts/{id}/close": return #"{"outcome":"falseAlarm","feedback":"矩阵"}"#
        case "POST /v1/alerts/{id}/dispatch": return #"{"unitIDs":["\#(ref.unit)"]}"#
        case "POST /v1/agencies": return #"{"code":"MX-\#(ref.station.prefix(8))","name":"矩阵网格","kind":"grid","jurisdictionID":"\#(ref.station)"}"#
        case "PATCH /v1/agencies/{id}": return #"{"version":1,"phone":"12345"}"#
        case "POST /v1/incidents/{id}/referrals": return #"{"agencyID":"\#(ref.agency)","note":"矩阵"}"#
        case "POST /v1/referrals/{id}/accept", "POST /v1/referrals/{id}/start", "POST /v1/referrals/{id}/withdraw", "POST /v1/incidents/{id}/unmerge",
             "POST /v1/supervision/{id}/acknowledge": return "{}"
        case "POST /v1/referrals/{id}/feedback": return #"{"outcome":"done","summary":"矩阵"}"#
        case "POST /v1/referrals/{id}/return": return #"{"reason":"矩阵"}"#
        case "POST /v1/incidents/{id}/merge": return #"{"into":"\#(ref.incident)"}"#
        // A referral's state from its agency, naming the referred incident of `ref`'s side.
        case "POST /v1/eido":
            return #"{"$id":"urn:emergency:uid:incidentid:\#(ref.incident):pingan.localhost","eidoVersion":"1.0","lastUpdateTimeStamp":"2026-12-05T09:00:00+08:00","agencyComponent":[]}"#
        case "POST /v1/alerts/cap":
            return #"<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>mx-1</identifier><sender>matrix@example.org</sender><sent>2026-12-05T09:00:00+08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope><info><category>Safety</category><event>矩阵</event><urgency>Expected</urgency><severity>Moderate</severity><certainty>Observed</certainty><area><areaDesc>南京东路</areaDesc><circle>31.2352,121.4801 0.5</circle></area></info></alert>"#
        default: return "" // no sample: `check` reports it
        }
    }

    /// Objects of the same kinds that exist nowhere.
    let missing = Self.nowhere()

    static func nowhere() -> Objects {
        Objects(station: UUID().uuidString.lowercased(), unit: UUID().uuidString.lowercased(), incident: UUID().uuidString.lowercased(),
                zone: UUID().uuidString.lowercased(), post: UUID().uuidString.lowercased(), user: UUID().uuidString.lowercased(),
                message: UUID().uuidString.lowercased(), unitCallsign: "NO-SUCH-UNIT", sensor: UUID().uuidString.lowercased(),
                watchlist: UUID().uuidString.lowercased(), entry: UUID().uuidString.lowercased(), alert: UUID().uuidString.lowercased(),
                agency: UUID().uuidString.lowercased(), referral: UUID().uuidString.lowercased(), supervision: UUID().uuidString.lowercased(),
                report: UUID().uuidString.lowercased(), address: UUID().uuidString.lowercased(), warning: UUID().uuidString.lowercased(),
                dispute: UUID().uuidString.lowercased(), team: UUID().uuidString.lowercased(), shift: UUID().uuidString.lowercased())
    }

    /// Runs every case of `op` for the user behind `token`; returns what leaked.
    func check(_ op: Operation, role: Role, token: String, client: any TestClientProtocol) async throws -> [Leak] {
        var leaks: [Leak] = []
        func leak(_ what: String) { leaks.append(Leak(operation: op.key, role: role, what: what)) }
        if op.isPublic || op.method == "GET" && op.path == "/v1/live" { return [] }  // no token; the live feed has its own test
        if op.hasBody, body(for: op, refs: own) == "" { return [Leak(operation: op.key, role: role, what: "no sample body: add one to AccessMatrix.body(for:refs:)")] }
        let missing = self.missing
        let hasPathID = op.path.contains("{id}")
        func send(path: Objects?, refs: Objects, query: Objects?) async throws -> Reply {
            var uri = op.path
            if let path {
                guard let id = path.id(for: op.path) else { throw MatrixError.noObject(op.key) }
                uri = uri.replacingOccurrences(of: "{id}", with: id).replacingOccurrences(of: "{entryID}", with: path.entry)
            }
            if let query, !op.query.isEmpty {
                let refNames: [String: String] = ["jurisdiction": query.station, "unitID": query.unit, "subject": query.incident, "broadcastID": query.message,
                                                  "incidentID": query.incident, "team": query.team]
                let pairs = op.query.compactMap { name in refNames[name].map { "\(name)=\($0)" } }
                if !pairs.isEmpty { uri += "?" + pairs.joined(separator: "&") }
            }
            var headers: [String: String] = [:]
            if op.xml { headers["Content-Type"] = "application/xml" }
            return try await client.call(HTTPRequest.Method(op.method)!, uri, token: token, body: body(for: op, refs: refs), headers: headers)
        }
        func scan(_ reply: Reply, _ label: String) {
            if let found = secrets.first(where: { reply.text.contains($0) }) { leak("\(label): reply \(reply.status.code) carries foreign ID \(found)") }
        }
        /// The reply naming foreign objects, with their IDs swapped for the missing ones, must be
        /// the reply naming missing objects, byte for byte (an error may echo what was sent, no more).
        func same(_ a: Reply, _ b: Reply, _ label: String) {
            if (200..<300).contains(Int(a.status.code)) && !(200..<300).contains(Int(b.status.code)) {
                leak("\(label): succeeded (\(a.status.code)) on a foreign object")
            }
            var normalised = a.text
            for (f, m) in zip(foreign.all + [foreign.unitCallsign], missing.all + [missing.unitCallsign]) {
                normalised = normalised.replacingOccurrences(of: f, with: m)
            }
            if a.status != b.status || normalised != b.text {
                leak("\(label): foreign answered \(a.status.code) \(a.text.prefix(160)) but missing \(b.status.code) \(b.text.prefix(160))")
            }
        }
        if op.method == "GET" {
            // Reads of the caller's own objects show nothing foreign…
            scan(try await send(path: hasPathID ? own : nil, refs: own, query: nil), "own object")
            // …and query filters naming foreign objects are as good as filters naming none.
            if op.query.contains(where: { ["jurisdiction", "unitID", "subject", "broadcastID", "incidentID", "team"].contains($0) }) {
                same(try await send(path: hasPathID ? own : nil, refs: own, query: foreign),
                     try await send(path: hasPathID ? own : nil, refs: own, query: missing), "foreign query filter")
            }
        }
        // A foreign object in the path is as good as none.
        if hasPathID {
            same(try await send(path: foreign, refs: own, query: nil), try await send(path: missing, refs: own, query: nil), "foreign path ID")
        }
        // A foreign object referenced from the body is as good as none.
        if op.hasBody, body(for: op, refs: foreign) != body(for: op, refs: own) {
            same(try await send(path: hasPathID ? own : nil, refs: foreign, query: nil),
                 try await send(path: hasPathID ? own : nil, refs: missing, query: nil), "foreign body reference")
        }
        return leaks
    }

    enum MatrixError: Error { case noObject(String) }
}

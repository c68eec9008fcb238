import Foundation
import Hummingbird
import HummingbirdTesting
import PinganApp
import PinganCore
@testable import PinganServer
import PinganStore
import Testing

@Suite("Anti-fraud warnings over HTTP: lists imported and routed, follow-ups, rates, supervision")
struct FraudWarningRouteTests {
    static func body(_ csv: String, station: String? = nil, columns: String? = nil) throws -> String {
        let text = String(decoding: try JSONCoding.encoder.encode(JSONValue.string(csv)), as: UTF8.self)
        return #"{"csv":\#(text)"# + (station.map { #","stationID":"\#($0)""# } ?? "") + (columns.map { #","columns":\#($0)"# } ?? "") + "}"
    }

    /// A list of `rows` people, every 200th row (from the 100th) bad in one of five ways; the lines of the bad rows.
    static func list(rows: Int, deadline: String) -> (csv: String, bad: [Int]) {
        var csv = "编号,姓名,电话,身份证号,地址,诈骗类型,涉案金额,处置时限\n"
        var bad: [Int] = []
        for i in 0..<rows {
            var phone = "139\(String(format: "%08d", i))", id = "", day = deadline, reason = "刷单返利", amount = "\(1_000 + i)"
            if i % 200 == 100 {
                switch (i / 200) % 5 {
                case 0: phone = "1234"
                case 1: id = "110105194912310021"
                case 2: day = "2020-01-01"
                case 3: reason = ""
                default: amount = "一万"
                }
                bad.append(i + 2)
            }
            csv += "FW\(i),测试\(i),\(phone),\(id),城关区庆阳路\(i)号,\(reason),\(amount),\(day)\n"
        }
        return (csv, bad)
    }

    static let columns = #"{"reference":"编号","victimName":"姓名","phone":"电话","idNumber":"身份证号","address":"地址","reason":"诈骗类型","amountAtRisk":"涉案金额","deadline":"处置时限"}"#

    @Test func aTenThousandRowListWithFiftyBadRowsIsRefusedByLineAndStoresNothing() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp")
            let tomorrow = ReportDay(containing: world.time.now()).advanced(by: 1).description
            let (csv, bad) = Self.list(rows: 10_000, deadline: tomorrow)
            #expect(bad.count == 50)
            let a = world.fixtures.stationA.id.rawValue
            let refused = try await client.call(.post, "/v1/fraud-warnings/import", token: disp, body: try Self.body(csv, station: a, columns: Self.columns))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.code == "import_invalid")
            let errors = refused.json["errors"]?.arrayValue ?? []
            #expect(errors.compactMap { $0["line"]?.intValue } == bad)
            #expect(Set(errors.compactMap { $0["field"]?.stringValue }) == ["phone", "idNumber", "deadline", "reason", "amountAtRisk"])
            #expect(try await world.store.fraudWarnings(FraudWarningQuery(), scope: .everything).isEmpty)

            // The good rows alone: all received, all held by the station named.
            let good = csv.split(separator: "\n").enumerated().filter { !bad.contains($0.offset + 1) }.map(\.element).joined(separator: "\n")
            let done = try await client.call(.post, "/v1/fraud-warnings/import", token: disp, body: try Self.body(good, station: a, columns: Self.columns))
            #expect(done.status == .ok, "\(done.text.prefix(500))")
            #expect(done.json["received"]?.intValue == 9_950)
            #expect(done.json["byRouting"]?["named"]?.intValue == 9_950)
            // Sent again: every reference is a duplicate, nothing stored twice.
            let again = try await client.call(.post, "/v1/fraud-warnings/import", token: disp, body: try Self.body(good, station: a, columns: Self.columns))
            #expect(again.json["received"]?.intValue == 0)
            #expect(again.json["duplicates"]?.arrayValue?.count == 9_950)
            let page = try await world.store.fraudWarnings(FraudWarningQuery(limit: 1000), scope: .everything)
            #expect(page.count == 1000)
        }
    }

    @Test func warningsAreRoutedByStandardAddressLocationOrTheStationNamed() async throws {
        try await TestWorld.run { world, client in
            let boss = try await client.login("boss"), offB = try await client.login("offB")
            let b = world.fixtures.stationB.id.rawValue, a = world.fixtures.stationA.id.rawValue
            #expect(try await client.call(.post, "/v1/addresses", token: offB, body: #"{"district":"黄浦区","street":"中山东一路","number":"12"}"#).status == .created)
            let tomorrow = ReportDay(containing: world.time.now()).advanced(by: 1).description
            let csv = """
                reference,victimName,phone,district,street,number,lat,lon,reason,amountAtRisk,deadline,address
                R1,甲,13900000001,黄浦区,中山东一路,１２号,,,冒充公检法,50000,\(tomorrow),
                R2,乙,13900000002,,,,31.2305,121.4901,虚假投资理财,8000,\(tomorrow) 18:00,
                R3,丙,13900000003,,,,,,,0,\(tomorrow),某小区
                """
            let noStation = try await client.call(.post, "/v1/fraud-warnings/import", token: boss, body: try Self.body(csv))
            #expect(noStation.code == "import_invalid")
            #expect(noStation.json["errors"]?.arrayValue?.compactMap { $0["line"]?.intValue } == [4])
            let done = try await client.call(.post, "/v1/fraud-warnings/import", token: boss,
                                             body: try Self.body(csv.replacingOccurrences(of: ",,,,,,,0", with: ",,,,,,刷单返利,0"), station: a))
            #expect(done.status == .ok, "\(done.text)")
            let stored = try await world.store.fraudWarnings(FraudWarningQuery(), scope: .everything)
            let by = Dictionary(uniqueKeysWithValues: stored.map { ($0.reference, $0) })
            #expect(by["R1"]?.stationID.rawValue == b && by["R1"]?.routing == .standardAddress && by["R1"]?.addressID != nil)
            #expect(by["R2"]?.stationID.rawValue == b && by["R2"]?.routing == .location)
            #expect(by["R3"]?.stationID.rawValue == a && by["R3"]?.routing == .named)
            // One over the API, and the same reference again.
            let one = #"{"reference":"R9","victimName":"丁","phone":"13900000009","address":"外滩","reason":"网络贷款","deadline":"\#(tomorrow)","stationID":"\#(b)"}"#
            let created = try await client.call(.post, "/v1/fraud-warnings", token: boss, body: one)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["phone"]?.stringValue == "*******0009")
            #expect(try await client.call(.post, "/v1/fraud-warnings", token: boss, body: one).code == "duplicate")
            // A station officer does not receive warnings.
            #expect(try await client.call(.post, "/v1/fraud-warnings", token: offB, body: one).status == .forbidden)
        }
    }

    @Test func aStationWorksItsWarningToDissuadedAndTheRatesAndSupervisionFollow() async throws {
        try await TestWorld.run { world, client in
            // "Two days on" must be past the last stage of a deadline of "tomorrow" (its end, China
            // time): run in the hour after midnight there, it was only minutes past.
            world.time.advanceToNextMorningInChina()
            let disp = try await client.login("disp"), offA = try await client.login("offA"), offB = try await client.login("offB")
            let a = world.fixtures.stationA.id.rawValue
            let tomorrow = ReportDay(containing: world.time.now()).advanced(by: 1).description
            for (n, phone, at) in [("W1", "13900000001", " 12:00"), ("W2", "13900000002", "")] {
                let r = try await client.call(.post, "/v1/fraud-warnings", token: disp,
                                              body: #"{"reference":"\#(n)","victimName":"王小明","phone":"\#(phone)","idNumber":"11010519491231002X","address":"南京东路300号","reason":"刷单返利","amountAtRisk":20000,"deadline":"\#(tomorrow)\#(at)","stationID":"\#(a)"}"#)
                #expect(r.status == .created, "\(r.text)")
            }
            // The station's list is masked; another station sees none of it.
            let list = try await client.call(.get, "/v1/fraud-warnings?status=pending", token: offA)
            let items = list.json["items"]?.arrayValue ?? []
            #expect(items.count == 2)
            #expect(items.first?["phone"]?.stringValue == "*******0001")
            #expect(try await client.call(.get, "/v1/fraud-warnings", token: offB).json["items"]?.arrayValue?.isEmpty == true)
            let id = try #require(items.first?["id"]?.stringValue)
            #expect(try await client.call(.get, "/v1/fraud-warnings/\(id)", token: offB).status == .notFound)
            // Opened to call: in full, and the read is audited.
            let start = try await world.store.lastSequence()
            let opened = try await client.call(.get, "/v1/fraud-warnings/\(id)?reason=%E5%8A%9D%E9%98%BB", token: offA)
            #expect(opened.json["phone"]?.stringValue == "13900000001")
            #expect(opened.json["idNumber"]?.stringValue == "11010519491231002X")
            let reads = try await world.store.events(after: start, scope: .everything, limit: 10).filter { $0.type == .personalDataRead }
            #expect(reads.count == 1 && reads.first?.subject == id && reads.first?.payload.contains("劝阻") == true)
            // The dispatcher sees it masked and may not follow it up.
            #expect(try await client.call(.get, "/v1/fraud-warnings/\(id)", token: disp).json["phone"]?.stringValue == "*******0001")
            #expect(try await client.call(.post, "/v1/fraud-warnings/\(id)/follow-up", token: disp, body: #"{"status":"contacted"}"#).status == .forbidden)

            let contacted = try await client.call(.post, "/v1/fraud-warnings/\(id)/follow-up", token: offA, body: #"{"status":"contacted","note":"电话已接通","version":1}"#)
            #expect(contacted.status == .ok, "\(contacted.text)")
            #expect(try await client.call(.post, "/v1/fraud-warnings/\(id)/follow-up", token: offA, body: #"{"status":"lossPrevented"}"#).status == .unprocessableContent)
            let dissuaded = try await client.call(.post, "/v1/fraud-warnings/\(id)/follow-up", token: offA, body: #"{"status":"dissuaded"}"#)
            #expect(dissuaded.json["status"]?.stringValue == "dissuaded")
            #expect(dissuaded.json["followUps"]?.arrayValue?.count == 2)
            #expect(try await client.call(.post, "/v1/fraud-warnings/\(id)/follow-up", token: offA, body: #"{"status":"contacted"}"#).status == .conflict)

            // Two days on: the other one is overdue and supervision opens a case for it.
            world.time.advance(by: 2 * 86_400)
            let app = AppServices(store: world.store, time: world.time)
            // The server's own sweeper may sweep meanwhile: what counts is the work chased, not which sweep opened it.
            try await app.supervision.sweep()
            let cases = try await world.store.supervisionCases(SupervisionQuery(statuses: [.open]), scope: .everything).filter { $0.kind == .fraudWarning }
            #expect(Set(cases.map(\.subjectID)).count == 1 && cases.allSatisfy { $0.subjectID != id && $0.path == world.fixtures.stationA.path })
            #expect(cases.allSatisfy { $0.stages.map(\.level) == [.unit, .station, .supervisor] }, "\(cases.map(\.stages))")
            let offA2 = try await client.login("offA")
            let rates = try await client.call(.get, "/v1/fraud-warnings/rates?from=\(ReportDay(containing: world.time.now()).advanced(by: -2).description)", token: offA2)
            #expect(rates.status == .ok, "\(rates.text)")
            let row = rates.json["stations"]?[0]
            #expect(row?["received"]?.intValue == 2 && row?["followedUp"]?.intValue == 1 && row?["dissuaded"]?.intValue == 1)
            #expect(row?["overdue"]?.intValue == 1 && row?["onTime"]?.intValue == 1)
            let backwards = try await client.call(.get, "/v1/fraud-warnings/rates?from=2026-01-02&to=2026-01-01", token: offA2)
            #expect(backwards.status == .unprocessableContent, "\(backwards.text)")
        }
    }

    @Test func aWarningArrivesAsCAP() async throws {
        try await TestWorld.run { world, client in
            let disp = try await client.login("disp")
            let expires = CAPDateTime.format(world.time.now().addingTimeInterval(6 * 3600), utcOffsetMinutes: 480)
            let xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
                  <identifier>FZ-20261205-0001</identifier><sender>fzzx@example.cn</sender><sent>2026-12-05T08:00:00+08:00</sent>
                  <status>Actual</status><msgType>Alert</msgType><scope>Restricted</scope><restriction>police</restriction>
                  <info><category>Security</category><event>冒充客服退款</event><urgency>Immediate</urgency><severity>Severe</severity>
                    <certainty>Likely</certainty><expires>\(expires)</expires>
                    <parameter><valueName>victimName</valueName><value>赵六</value></parameter>
                    <parameter><valueName>phone</valueName><value>13900000066</value></parameter>
                    <parameter><valueName>amountAtRisk</valueName><value>30000</value></parameter>
                    <area><areaDesc>南京东路300号</areaDesc><circle>31.2355,121.4830 0.1</circle></area>
                  </info>
                </alert>
                """
            let r = try await client.call(.post, "/v1/fraud-warnings/cap", token: disp, body: xml, headers: ["Content-Type": "application/xml"])
            #expect(r.status == .created, "\(r.text)")
            #expect(r.json["source"]?.stringValue == "cap" && r.json["routing"]?.stringValue == "location" && r.json["amountAtRisk"]?.intValue == 30_000)
            #expect(r.json["stationID"]?.stringValue == world.fixtures.stationA.id.rawValue)
        }
    }
}

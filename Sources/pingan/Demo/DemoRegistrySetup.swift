import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Gives the demo city's stations simulated registries (一标三实) the first time it starts with
/// none: the map's named streets are shared out to the nearest station, each gets a few dozen
/// standard addresses along them, and two or three simulated people live at each (a quarter of
/// them temporary residents with a permit), each door with its house (a quarter let to tenants)
/// and every fourth or so with a shop, restaurant, hotel… Everything goes in through the population
/// import and the commands a station would use, as the demo-city generator; every name says （模拟）.
enum DemoRegistrySetup {
    static let streetsPerStation = 6
    static let numbersPerStreet = 5

    static func ensure(city: DemoCity, network: RoadNetwork, store: any Store) async throws {
        guard try await store.addresses(after: "", limit: 1).isEmpty, !network.streets.isEmpty else { return }
        let stations = city.jurisdictions.filter { $0.level == .station && $0.location != nil }
        guard !stations.isEmpty else { return }
        let districts = Dictionary(city.jurisdictions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var streets: [JurisdictionID: [(name: String, at: Coordinate)]] = [:]
        for name in network.streets.names where name.unicodeScalars.contains(where: { $0.value >= 0x4E00 && $0.value <= 0x9FFF }) && !name.contains(",") {
            guard let at = network.streets.search(name, limit: 1).first(where: { $0.kind == .street && $0.name == name })?.location,
                  let nearest = stations.min(by: { Geodesy.haversine($0.location!, at) < Geodesy.haversine($1.location!, at) }),
                  Geodesy.haversine(nearest.location!, at) < 3000 else { continue }
            streets[nearest.id, default: []].append((name, at))
        }
        let service = AppServices(store: store)
        var random = SplitMix64(seed: 2121)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"), given = Array("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华")
        var addresses = 0, people = 0
        for station in stations {
            let own = (streets[station.id] ?? []).sorted { $0.name < $1.name }.prefix(streetsPerStation)
            guard !own.isEmpty else { continue }
            let district = (station.parentID.flatMap { districts[$0]?.name } ?? "模拟区").replacingOccurrences(of: "（模拟）", with: "")
            var csv = "district,street,number,building,unit,room,lat,lon,name,idNumber,kind,permit,permitExpiry,phone\n"
            for street in own {
                for n in 0..<numbersPerStreet {
                    let number = 1 + n * 2 + Int(random.next() % 2) * 100
                    let room = 101 + Int(random.next() % 6) * 100 + Int(random.next() % 4)
                    let lat = street.at.lat + (Double(random.next() % 200) - 100) * 1e-6, lon = street.at.lon + (Double(random.next() % 200) - 100) * 1e-6
                    for _ in 0..<(2 + Int(random.next() % 2)) {
                        let name = "\(surnames[Int(random.next() % 20)])\(given[Int(random.next() % 20)])（模拟）"
                        let kind = random.next() % 4 == 0
                            ? ["temporary,valid,2027-06-30", "temporary,applied,", "temporary,expired,2025-12-31"][Int(random.next() % 3)]
                            : "registered,,"
                        csv += "\(district),\(street.name),\(number),1,1,\(room),\(lat),\(lon),\(name),\(SimulatedIDNumber.next(&random)),\(kind),"
                            + "139\(String(format: "%08d", Int(random.next() % 100_000_000)))\n"
                    }
                }
            }
            let summary = try await service.registry.importPopulation(csv, columns: nil, stationID: station.id, dryRun: false, by: DemoTriageSetup.generator)
            addresses += summary.addressesCreated
            people += summary.inhabitantsCreated
        }
        // The other two actuals: the house behind each door (a quarter let), a shop or office at every fourth.
        var houses = 0, organisations = 0, after = ""
        let kinds: [(ActualOrganisation.Kind, String)] = [(.shop, "便利店"), (.restaurant, "小吃店"), (.company, "贸易有限公司"), (.hotel, "快捷宾馆"),
                                                          (.internetCafe, "网吧"), (.logistics, "快递驿站")]
        while true {
            let page = try await store.addresses(after: after, limit: 500)
            guard let last = page.last else { break }
            after = last.id.rawValue
            for a in page {
                let rented = random.next() % 4 == 0
                let owner = "\(surnames[Int(random.next() % 20)])\(given[Int(random.next() % 20)])（模拟）"
                let house = NewHouse(use: rented ? .rented : (random.next() % 10 == 0 ? .vacant : .ownerOccupied), ownerName: owner,
                                     ownerPhone: "138\(String(format: "%08d", Int(random.next() % 100_000_000)))", tenants: rented ? 1 + Int(random.next() % 4) : 0)
                _ = try await service.registry.recordHouse(at: a.id, house, version: nil, by: DemoTriageSetup.generator).get()
                houses += 1
                guard random.next() % 4 == 0 else { continue }
                let (kind, suffix) = kinds[Int(random.next() % UInt64(kinds.count))]
                let o = NewOrganisation(name: "\(a.parts.street)\(suffix)（模拟）", kind: kind, creditCode: SimulatedCreditCode.next(&random),
                                        principal: "\(surnames[Int(random.next() % 20)])某（模拟）", employees: 2 + Int(random.next() % 30))
                _ = try await service.registry.registerOrganisation(at: a.id, o, by: DemoTriageSetup.generator).get()
                organisations += 1
            }
        }
        if addresses > 0 {
            say("Demo registries: \(addresses) standard addresses on the map's streets with \(people) inhabitants, \(houses) houses and "
                + "\(organisations) organisations, all simulated (the console's 一标三实 page, the field page's 采集 tab).")
        }
    }
}

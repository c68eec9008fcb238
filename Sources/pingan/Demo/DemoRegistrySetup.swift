import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Gives the demo city's stations simulated registries (一标三实) the first time it starts with
/// none: the map's named streets are shared out to the nearest station, each gets a few dozen
/// standard addresses along them, and two or three simulated people live at each (a quarter of
/// them temporary residents with a permit). Everything goes in through the population import
/// a station would use, as the demo-city generator; every name says （模拟）.
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
        if addresses > 0 {
            say("Demo registries: \(addresses) standard addresses on the map's streets with \(people) inhabitants, all simulated "
                + "(the console's 一标三实 page, the field page's 采集 tab).")
        }
    }
}

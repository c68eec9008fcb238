import Foundation
import PinganAnalytics
import PinganApp
import PinganCore
import PinganGeo
import PinganStore

/// Gives the demo city's stations a simulated dispute book (矛盾纠纷) the first time it starts
/// with none: a few disputes near each station, of every kind and risk, some settled after a
/// session, some still being mediated, one high-risk one per station waiting for its first
/// session (so the supervision board shows it). Everything goes in through the same commands an
/// officer's page uses; every party's name says （模拟）.
enum DemoDisputeSetup {
    static let perStation = 4

    static func ensure(city: DemoCity, network: RoadNetwork, store: any Store) async throws {
        guard try await store.disputes(after: "", limit: 1).isEmpty else { return }
        let stations = city.jurisdictions.filter { $0.level == .station && $0.location != nil }
        guard !stations.isEmpty else { return }
        let service = AppServices(store: store)
        let by = DemoTriageSetup.generator
        var rng = SeededRandom(seed: 2122)
        let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高")
        let stories: [(Dispute.Kind, String)] = [
            (.neighbour, "楼上装修噪音扰民，双方多次争吵（模拟）"), (.family, "兄弟因赡养老人费用分摊争执（模拟）"),
            (.landlordTenant, "租客退租，房东扣押押金（模拟）"), (.labour, "装修工人讨要拖欠工资（模拟）"),
            (.debt, "朋友借款到期未还，多次上门催讨（模拟）"), (.property, "业主与物业因停车费争执（模拟）"),
            (.consumer, "顾客与餐馆因菜品质量争执（模拟）"), (.traffic, "小区内剐蹭，双方对赔偿有分歧（模拟）"),
        ]
        var opened = 0
        for station in stations {
            for i in 0..<perStation {
                let at = Coordinate(lat: station.location!.lat + (rng.uniform() - 0.5) * 0.008, lon: station.location!.lon + (rng.uniform() - 0.5) * 0.008)
                let (kind, summary) = stories[Int(rng.uniform() * Double(stories.count))]
                let risk: Dispute.Risk = i == 0 ? .high : (i == 1 ? .medium : .low)
                let parties = (0..<2).map { _ in
                    Dispute.Party(name: "\(surnames[Int(rng.uniform() * 20)])某（模拟）", phone: String(format: "1398%07d", Int(rng.uniform() * 10_000_000)))
                }
                let input = NewDispute(kind: kind, risk: risk, summary: summary, parties: parties,
                                       mediators: [.init(name: "社区调解员（模拟）", kind: .community)],
                                       address: DemoWorld.callAddress(at, places: network.places), location: at, stationID: station.id)
                let d = try await service.disputes.open(input, by: by).get()
                opened += 1
                switch i {
                case 2: _ = try await service.disputes.session(d.id, note: "双方到场，达成调解协议（模拟）", outcome: .resolved, risk: nil, nextFollowUp: nil,
                                                                mediators: nil, version: nil, by: by).get()
                case 3: _ = try await service.disputes.session(d.id, note: "初步沟通，约定再谈（模拟）", outcome: .continuing, risk: nil, nextFollowUp: nil,
                                                                mediators: [.init(name: "民警（模拟）", kind: .police)], version: nil, by: by).get()
                default: break
                }
            }
        }
        say("Demo disputes: \(opened) simulated disputes near the stations, a high-risk one each on the supervision board (the console's 矛盾纠纷 page).")
    }
}

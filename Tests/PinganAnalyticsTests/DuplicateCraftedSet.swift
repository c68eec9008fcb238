import Foundation
import PinganAnalytics
import PinganGeo

/// A hand-made call log with known duplicates, in Chinese and English, for measuring the
/// precision and recall of duplicate clustering. Every call names the real event it is about
/// (`event`); calls about the same event are duplicates, every other pair is not.
///
/// Written to be hard in the ways real logs are: duplicates described in other words, by other
/// callers, 100-250 m apart, up to half an hour later, and one caller ringing back from a
/// kilometre away; non-duplicates with the same words at another crossing or hours later, a
/// different matter at the same door in the same minutes, two thefts reported at one station a
/// quarter of an hour apart, the same caller about something else an hour later.
enum DuplicateCraftedSet {
    struct Call {
        var event: String
        var call: CallSummary
    }

    static let start = Date(timeIntervalSince1970: 1_772_352_000)  // 2026-03-01 08:00 UTC
    static let shanghai = Coordinate(lat: 31.2304, lon: 121.4737)
    static let norristown = Coordinate(lat: 40.1215, lon: -75.3399)

    /// `base` moved `east` and `north` metres.
    static func at(_ base: Coordinate, _ east: Double, _ north: Double) -> Coordinate {
        let ky = 111_195.0, kx = ky * cos(base.lat * .pi / 180)
        return Coordinate(lat: base.lat + north / ky, lon: base.lon + east / kx)
    }

    static var calls: [Call] {
        var out: [Call] = []
        func add(_ event: String, _ minutes: Double, _ place: Coordinate, _ category: String, _ text: String, phone: String? = nil) {
            let id = "C\(out.count + 1)"
            out.append(Call(event: event, call: CallSummary(id: id, receivedAt: start.addingTimeInterval(minutes * 60), location: place,
                                                          callerPhone: phone, category: category, description: text,
                                                          path: "/city/district/station\(out.count % 3)/")))
        }
        let sh = shanghai, us = norristown
        // Shanghai: a fight outside a restaurant, three callers, one ringing back.
        let restaurant = at(sh, 0, 0)
        add("fight", 0, restaurant, "dispute", "饭店门口有人打架，好几个人", phone: "13800000001")
        add("fight", 3, at(restaurant, 40, 20), "dispute", "有人在饭店门口打架斗殴", phone: "139 0000 0002")
        add("fight", 9, at(restaurant, -60, 30), "dispute", "门口打起来了，有人受伤流血了，快来", phone: "+86 138-0000-0001")
        add("fight", 14, at(restaurant, 90, -40), "criminal", "饭店门口打架，有人拿了酒瓶", phone: "13700000003")
        // A collision at a crossing 1.2 km east.
        let crossing = at(sh, 1200, 0)
        add("crash", 10, crossing, "traffic", "两车相撞，有人受伤", phone: "13600000004")
        add("crash", 12, at(crossing, 80, 0), "traffic", "两辆车相撞，路口堵住了", phone: "13500000005")
        add("crash", 25, at(crossing, 150, 30), "traffic", "交通事故，路口有车撞了", phone: "13400000006")
        add("crash", 16, at(crossing, -30, 20), "traffic", "路口发生车祸，两车相撞", phone: "13300000007")
        // The same words at another crossing 2 km away, minutes later: another collision.
        add("crash-2", 11, at(sh, 1200, 2000), "traffic", "两车相撞，有人受伤", phone: "13200000008")
        // A fire in a block of flats 800 m south.
        let flats = at(sh, 0, -800)
        add("fire", 30, flats, "fire", "小区楼上着火了，冒黑烟", phone: "13100000009")
        add("fire", 31, at(flats, 60, 0), "fire", "楼上起火了 有浓烟", phone: "13000000010")
        add("fire", 33, at(flats, 0, 120), "fire", "着火了，看到很大的烟", phone: "15800000011")
        add("fire", 50, at(flats, 30, 10), "fire", "火还没灭，消防车怎么还没到", phone: "13100000009")
        add("fire", 38, at(flats, -200, 100), "fire", "小区着火，楼里还有人", phone: "15700000012")
        // At the same door as the fire, minutes later, something else.
        add("faint", 35, at(flats, 20, 20), "assistance", "有人晕倒在路边", phone: "15600000013")
        // A stolen e-bike; the owner rings back from a kilometre away.
        let market = at(sh, -1500, 600)
        add("ebike", 60, market, "criminal", "我的电动车被偷了", phone: "15500000014")
        add("ebike", 75, at(market, 900, 300), "criminal", "电动车被盗，刚才报过警了，怎么还没人来", phone: "155-0000-0014")
        // Noise from building work, complained of twice half an hour apart.
        let estate = at(sh, 2500, -1500)
        add("noise", 100, estate, "complaint", "楼上装修噪音太大", phone: "15200000015")
        add("noise", 128, at(estate, 20, 10), "complaint", "楼上装修太吵了，扰民", phone: "15100000016")
        // A quarrel on the stairs of the same estate between those calls: another matter.
        add("quarrel", 110, at(estate, 10, 15), "dispute", "有人在楼道里吵架", phone: "15000000017")
        // A lost child in a shopping centre.
        let mall = at(sh, -2500, -2000)
        add("child", 120, mall, "assistance", "商场里孩子走丢了，五岁男孩，穿红衣服", phone: "18800000018")
        add("child", 126, at(mall, 100, 0), "assistance", "五岁男孩走失，红色衣服", phone: "18700000019")
        add("child", 131, at(mall, 40, 60), "assistance", "有个小男孩找不到妈妈了，在商场一楼", phone: "18600000020")
        // Two thefts at one metro station, a quarter of an hour apart: two victims.
        let station = at(sh, 3000, 2500)
        add("theft-phone", 140, station, "criminal", "地铁站里手机被偷了", phone: "18500000021")
        add("theft-wallet", 155, at(station, 30, 0), "criminal", "钱包被偷了，在地铁站出口", phone: "18400000022")
        // Two medical calls in one block, 40 minutes apart.
        let block = at(sh, -3000, 3000)
        add("fall", 170, block, "assistance", "老人在家摔倒了，起不来", phone: "18300000023")
        add("fever", 210, at(block, 15, 0), "assistance", "孩子发高烧，抽搐", phone: "18200000024")
        // The restaurant again, four hours later: a new fight.
        add("fight-2", 245, at(restaurant, 10, 0), "dispute", "饭店门口有人打架", phone: "18100000025")
        // The e-bike owner, an hour later, about something else across town.
        add("ebike-owner-dog", 140, at(sh, 4000, -4000), "assistance", "路边有条狗受伤了", phone: "15500000014")
        // A car alarm single call and a single traffic jam call, alone.
        add("alarm", 200, at(sh, -4000, -4000), "complaint", "汽车报警器一直响", phone: "18000000026")
        add("jam", 205, at(sh, 4000, 4000), "traffic", "高架上堵车严重", phone: "17700000027")

        // Norristown, PA: a crash, three callers.
        let main5th = at(us, 0, 0)
        add("us-crash", 140, main5th, "traffic", "Two cars collided at Main St and 5th Ave, one person injured", phone: "(610) 555-0101")
        add("us-crash", 142, at(main5th, 60, 0), "traffic", "car crash main and fifth, airbags deployed", phone: "610-555-0102")
        add("us-crash", 145, at(main5th, 0, 30), "traffic", "Vehicle accident at Main/5th, someone hurt", phone: "+1 610 555 0103")
        add("us-crash", 149, at(main5th, -120, 40), "assistance", "Person injured in a car accident on Main Street", phone: "610.555.0104")
        // A warehouse fire.
        let warehouse = at(us, 1500, 500)
        add("us-fire", 160, warehouse, "fire", "Smoke coming from the roof of the warehouse", phone: "6105550105")
        add("us-fire", 163, at(warehouse, 100, 0), "fire", "Warehouse on fire, flames visible", phone: "6105550106")
        add("us-fire", 170, at(warehouse, 200, 50), "fire", "Building fire at the warehouse on Elm Street", phone: "6105550107")
        add("us-fire", 166, at(warehouse, -50, -80), "fire", "Big fire, black smoke, near the old warehouse", phone: "6105550117")
        // A man with a knife outside a bar; the first caller rings back.
        let bar = at(us, -1200, 800)
        add("us-knife", 200, bar, "criminal", "Man with a knife threatening people outside the bar", phone: "6105550108")
        add("us-knife", 203, at(bar, 50, 0), "criminal", "Guy waving a knife at the bar on Oak St", phone: "6105550109")
        add("us-knife", 215, at(bar, 80, 20), "criminal", "He is still there with the knife, please hurry", phone: "610-555-0108")
        // A loud party, two neighbours half an hour apart.
        let party = at(us, 800, -1500)
        add("us-party", 260, party, "complaint", "Loud party, music very loud", phone: "6105550110")
        add("us-party", 288, at(party, 30, 0), "complaint", "Neighbours playing loud music at a party", phone: "6105550111")
        // A fall: the daughter and a neighbour call.
        let house = at(us, -800, -1200)
        add("us-fall", 300, house, "assistance", "Elderly woman fell, can't get up", phone: "6105550112")
        add("us-fall", 302, at(house, 10, 0), "assistance", "My mother fell and cannot get up", phone: "6105550113")
        // Same corner as the crash, hours later: another crash, and a lost wallet.
        add("us-crash-2", 330, at(main5th, 20, 0), "traffic", "Car accident at Main St and 5th Ave", phone: "6105550114")
        add("us-wallet", 150, at(main5th, 30, 0), "inquiry", "Lost my wallet somewhere around here", phone: "6105550115")
        // The knife caller an hour later, across town, about a stray dog.
        add("us-dog", 275, at(us, 2500, 2500), "assistance", "There is a stray dog in the park", phone: "6105550108")
        // Two medical calls at one retirement home, minutes apart: two residents.
        let home = at(us, -2500, -2500)
        add("us-cardiac", 400, home, "assistance", "EMS: CARDIAC EMERGENCY", phone: "6105550120")
        add("us-breathing", 404, at(home, 0, 0), "assistance", "EMS: RESPIRATORY EMERGENCY", phone: "6105550121")
        // Alone.
        add("us-alarm", 420, at(us, 3000, -3000), "fire", "Fire alarm sounding at the school", phone: "6105550122")
        add("us-tree", 430, at(us, -3000, 3000), "traffic", "Tree down blocking the road", phone: "6105550123")
        return out
    }

    /// Precision and recall over pairs: a pair is predicted when both calls end in one cluster,
    /// true when both are about one event.
    static func pairScores(events: [String], clusterOf: [Int]) -> (precision: Double, recall: Double, truePairs: Int, predicted: Int, correct: Int) {
        var truePairs = 0, predicted = 0, correct = 0
        for i in events.indices {
            for j in 0..<i {
                let same = events[i] == events[j], joined = clusterOf[i] == clusterOf[j]
                if same { truePairs += 1 }
                if joined { predicted += 1 }
                if same && joined { correct += 1 }
            }
        }
        return (predicted == 0 ? 1 : Double(correct) / Double(predicted), truePairs == 0 ? 1 : Double(correct) / Double(truePairs),
                truePairs, predicted, correct)
    }
}

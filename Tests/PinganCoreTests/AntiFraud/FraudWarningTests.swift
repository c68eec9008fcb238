import Foundation
import PinganCore
import PinganGeo
import Testing

@Suite("Anti-fraud warnings: checks, deadlines, follow-ups, overdue items, rates")
struct FraudWarningTests {
    let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-29 04:26 CST
    let station = Jurisdiction(id: JurisdictionID("a"), parentID: JurisdictionID("d"), level: .station, code: "A01", name: "甲派出所", path: "/c/d/a/")

    func input(phone: String = "139 0000 1111", id: String? = nil, deadline: String = "2026-05-30", amount: Int? = 5_000,
               address: String? = "城关区庆阳路120号") -> NewFraudWarning {
        NewFraudWarning(reference: "FW-1", victimName: "王小明", phone: phone, idNumber: id, address: address, reason: "刷单返利",
                        amountAtRisk: amount, deadline: deadline)
    }

    func field(_ i: NewFraudWarning) -> String? {
        do { _ = try FraudWarningDecider.checked(i, now: now); return nil } catch { return error.field }
    }

    func received() throws -> FraudWarning {
        let c = try FraudWarningDecider.checked(input(), now: now)
        return try FraudWarningDecider.warning(c, id: FraudWarningID("w"), source: .api, station: station, routing: .named, address: nil,
                                               duplicate: false, now: now).0
    }

    @Test func aWarningNeedsAPhoneARealIDAnAddressAndADeadlineAhead() throws {
        let c = try FraudWarningDecider.checked(input(), now: now)
        #expect(c.phone == "13900001111")
        // The last second of the day, China Standard Time.
        #expect(c.deadline == (try ReportDay("2026-05-30")).end.addingTimeInterval(-1))
        #expect(field(input(phone: "12345")) == "phone")
        #expect(field(input(phone: "")) == "phone")
        #expect(field(input(id: "110105194912310021")) == "idNumber")  // check digit
        #expect(field(input(id: "11010519491231002X")) == nil)
        #expect(field(input(deadline: "2026-05-28")) == "deadline")  // already past
        #expect(field(input(deadline: "2026-02-30")) == "deadline")  // no such day
        #expect(field(input(deadline: "2026-07-30")) == "deadline")  // more than 30 days ahead
        #expect(field(input(deadline: "tomorrow")) == "deadline")
        #expect(field(input(amount: -1)) == "amountAtRisk")
        #expect(field(input(address: nil)) == "address")
        var located = input(address: nil)
        located.location = Coordinate(lat: 36.06, lon: 103.83)
        #expect(field(located) == nil)
    }

    @Test func deadlinesAreReadInTheFormsSendersWrite() throws {
        let cst = try ReportDay("2026-05-29").start
        #expect(try FraudWarningDecider.deadline("2026-05-29 18:30") == cst.addingTimeInterval(18.5 * 3600))
        #expect(try FraudWarningDecider.deadline("2026-05-29 18:30:15") == cst.addingTimeInterval(18.5 * 3600 + 15))
        #expect(try FraudWarningDecider.deadline("2026-05-29T18:30:00+08:00") == cst.addingTimeInterval(18.5 * 3600))
        #expect(throws: DomainError.self) { try FraudWarningDecider.deadline("2026-05-29 25:00") }
    }

    @Test func theAuditedEventKeepsThePersonMasked() throws {
        var i = input(id: "11010519491231002X")
        i.reference = "FW-2"
        let c = try FraudWarningDecider.checked(i, now: now)
        let (w, event) = try FraudWarningDecider.warning(c, id: FraudWarningID("w"), source: .csv, station: station, routing: .named, address: nil,
                                                         duplicate: false, now: now)
        #expect(w.idNumber == "11010519491231002X")
        #expect(w.path == station.path)
        #expect(event.type == .fraudWarningReceived)
        let text = "\(event.data)"
        #expect(!text.contains("13900001111") && !text.contains("11010519491231002X") && !text.contains("王小明"))
        #expect(w.masked.phone == "*******1111")
        #expect(w.masked.victimName == "王**")
        #expect(throws: DomainError.self) {
            try FraudWarningDecider.warning(c, id: FraudWarningID("w"), source: .csv, station: station, routing: .named, address: nil, duplicate: true, now: now)
        }
    }

    @Test func followUpsMoveForwardOnlyAndALossPreventedStatesItsAmount() throws {
        let w = try received()
        let (contacted, event) = try FraudWarningDecider.followUp(w, to: .contacted, note: "电话已接通", amountPrevented: nil, version: 1, by: "o", now: now)
        #expect(contacted.status == .contacted && contacted.version == 2 && contacted.followUps.count == 1)
        #expect(event.type == .fraudWarningFollowedUp)
        func refusal(_ from: FraudWarning, _ to: FraudWarning.Status, amount: Int? = nil, version: Int? = nil) -> String? {
            do { _ = try FraudWarningDecider.followUp(from, to: to, note: nil, amountPrevented: amount, version: version, by: "o", now: now); return nil }
            catch { return error.code.rawValue }
        }
        #expect(refusal(contacted, .contacted) == "illegal_transition")
        #expect(refusal(w, .pending) == "illegal_transition")
        #expect(refusal(contacted, .dissuaded, version: 1) == "stale_version")
        #expect(refusal(contacted, .lossPrevented) == "invalid_field")  // no amount
        #expect(refusal(contacted, .dissuaded, amount: 100) == "invalid_field")  // amount on another state
        let (saved, _) = try FraudWarningDecider.followUp(contacted, to: .lossPrevented, note: nil, amountPrevented: 20_000, version: nil, by: "o", now: now)
        #expect(saved.amountPrevented == 20_000)
        #expect(refusal(saved, .dissuaded) == "illegal_transition")
        // Unreachable, then reached later.
        let (gone, _) = try FraudWarningDecider.followUp(w, to: .unreachable, note: nil, amountPrevented: nil, version: nil, by: "o", now: now)
        #expect(refusal(gone, .dissuaded) == nil)
    }

    @Test func aWarningWithNothingRecordedByItsDeadlineIsOverdueWork() throws {
        let w = try received()
        #expect(OverdueItem.items(for: w, at: w.deadline).isEmpty)  // due exactly now is not late
        let late = OverdueItem.items(for: w, at: w.deadline.addingTimeInterval(1))
        #expect(late.map(\.kind) == [.fraudWarning])
        #expect(late.first?.step == "followUp" && late.first?.path == station.path)
        let (followed, _) = try FraudWarningDecider.followUp(w, to: .unreachable, note: nil, amountPrevented: nil, version: nil, by: "o", now: w.deadline)
        #expect(OverdueItem.items(for: followed, at: w.deadline.addingTimeInterval(3600)).isEmpty)
        // Supervision chases it like any late step: the board first, then the station.
        let d = try SupervisionDecider.sweep(items: late, open: [], now: w.deadline.addingTimeInterval(16 * 60))
        #expect(d.cases.first?.stages.map(\.level) == [.unit, .station])
        #expect(d.reminders.first?.text.contains("反诈预警") == true)
    }

    @Test func ratesCountEachStationsFollowUpsOnTimeAndSaved() throws {
        let w = try received()
        var other = w
        other.id = FraudWarningID("w2")
        var third = w
        third.id = FraudWarningID("w3")
        let late = w.deadline.addingTimeInterval(60)
        let (onTime, _) = try FraudWarningDecider.followUp(w, to: .dissuaded, note: nil, amountPrevented: nil, version: nil, by: "o", now: now)
        let (lateOne, _) = try FraudWarningDecider.followUp(other, to: .lossPrevented, note: nil, amountPrevented: 3_000, version: nil, by: "o", now: late)
        let rates = FraudWarningRates.count([onTime, lateOne, third], at: late)
        #expect(rates.count == 1)
        let r = try #require(rates.first)
        #expect(r.received == 3 && r.followedUp == 2 && r.onTime == 1 && r.dissuaded == 1 && r.lossPrevented == 1 && r.overdue == 1)
        #expect(r.amountAtRisk == 15_000 && r.amountPrevented == 3_000)
        #expect(abs(r.savedRate - 2.0 / 3) < 1e-9 && abs(r.onTimeRate - 1.0 / 3) < 1e-9)
        #expect(FraudWarningRates.count([], at: now).isEmpty)
    }
}

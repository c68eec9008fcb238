import Foundation
import PinganCore
import PinganGeo
import PinganStore
import Testing

/// Standard addresses and inhabitants: found by id and by normalised key, listed for the
/// search index in the order they were registered, paged for archives, people by address and
/// ID number.
extension StoreContract {
    static func registry(_ store: any Store, _ time: TestTime) async throws {
        func address(_ id: String, _ number: String, at path: String) throws -> StandardAddress {
            StandardAddress(id: AddressID(id), parts: try AddressNormaliser.normalise(AddressParts(district: "黄浦区", street: "南京东路", number: number)),
                            location: Coordinate(lat: 31.2352, lon: 121.4801), stationID: JurisdictionID("a"), path: path)
        }
        let a2 = try address("ad2", "300", at: stationA.path), a1 = try address("ad1", "３０２号", at: stationA.path)
        let b1 = try address("ad3", "1", at: stationB.path)
        try await put(store, time, .registerAddress, .addressRegistered, [.address(a2), .address(a1), .address(b1)])
        #expect(try await store.addresses(ids: [a1.id, AddressID("none")]) == [a1])
        #expect(try await store.addresses(keys: [a1.parts.key]).map(\.id) == [a1.id])
        #expect(a1.parts.number == "302")
        #expect(try await store.addresses(keys: []).isEmpty)
        // Registration order, not id order: the search index lists the oldest first.
        #expect(try await store.addressIndexRows().map(\.id) == [a2.id, a1.id, b1.id])
        #expect(try await store.addressIndexRows().first == AddressIndexRow(id: a2.id, text: "黄浦区南京东路300号", path: stationA.path))
        #expect(try await store.addresses(after: "", limit: 2).map(\.id) == [a1.id, a2.id])
        #expect(try await store.addresses(after: a2.id.rawValue, limit: 2).map(\.id) == [b1.id])

        // Retired addresses leave the index.
        var retired = b1
        retired.active = false
        retired.version = 2
        try await put(store, time, .checkAddress, .addressChecked, [.address(retired)])
        #expect(try await store.addressIndexRows().map(\.id) == [a2.id, a1.id])

        let now = time.now()
        let p1 = Inhabitant(id: InhabitantID("p1"), addressID: a1.id, name: "张三", idNumber: "11010519491231002X", kind: .registered,
                            collectedAt: now, collectedBy: "officer", path: stationA.path)
        let p2 = Inhabitant(id: InhabitantID("p0"), addressID: a1.id, name: "李四", idNumber: "310101198502022340", kind: .temporary, permit: .applied,
                            phone: "13812345678", collectedAt: now, collectedBy: "officer", path: stationA.path)
        try await put(store, time, .registerInhabitant, .inhabitantRegistered, [.inhabitant(p1), .inhabitant(p2)])
        #expect(try await store.inhabitants(at: a1.id) == [p1, p2])
        #expect(try await store.inhabitants(at: a2.id).isEmpty)
        #expect(try await store.inhabitants(after: "", limit: 10).map(\.id) == [p2.id, p1.id])
        #expect(try await store.registeredIDNumbers(["11010519491231002X", "31010119800101123X"]) == ["11010519491231002X"])
        #expect(try await store.registeredIDNumbers([]).isEmpty)

        // The quality counts: checked and found right by column, people by distinct address.
        var right = a1, wrong = a2
        right.checkedAt = now; right.checkCorrect = true; right.version = 2
        wrong.checkedAt = now; wrong.checkCorrect = false; wrong.version = 2
        try await put(store, time, .checkAddress, .addressChecked, [.address(right), .address(wrong)])
        #expect(try await store.registryCounts(scope: .everything)
            == [RegistryCounts(path: stationA.path, addresses: 2, checked: 2, correct: 1, addressesWithPeople: 1, inhabitants: 2)])
        #expect(try await store.registryCounts(scope: stationB).isEmpty)
    }

    static func fraudWarnings(_ store: any Store, _ time: TestTime) async throws {
        let now = time.now()
        func warning(_ id: String, _ reference: String, at path: String, deadline hours: Double, received: Double = 0) -> FraudWarning {
            FraudWarning(id: FraudWarningID(id), reference: reference, source: .csv, victimName: "王某", phone: "13900000001", address: "庆阳路1号",
                         reason: "刷单返利", amountAtRisk: 1000, deadline: now.addingTimeInterval(hours * 3600),
                         receivedAt: now.addingTimeInterval(received), routing: .named, stationID: JurisdictionID("a"), path: path)
        }
        let late = warning("w1", "R1", at: stationA.path, deadline: 5), soon = warning("w2", "R2", at: stationA.path, deadline: 1, received: 60)
        let other = warning("w3", "R3", at: stationB.path, deadline: 2)
        try await put(store, time, .importFraudWarnings, .fraudWarningReceived, [.fraudWarning(late), .fraudWarning(soon), .fraudWarning(other)])
        #expect(try await store.fraudWarning(FraudWarningID("w3")) == other)
        #expect(try await store.fraudWarning(FraudWarningID("none")) == nil)
        #expect(try await store.fraudWarnings(FraudWarningQuery(), scope: stationA).map(\.id.rawValue) == ["w2", "w1"])
        #expect(try await store.fraudWarnings(FraudWarningQuery(), scope: .everything).map(\.id.rawValue) == ["w2", "w3", "w1"])
        #expect(try await store.fraudWarnings(FraudWarningQuery(receivedFrom: now.addingTimeInterval(30)), scope: .everything).map(\.id.rawValue) == ["w2"])
        #expect(try await store.fraudWarnings(FraudWarningQuery(receivedBefore: now.addingTimeInterval(30)), scope: .everything).map(\.id.rawValue) == ["w3", "w1"])
        #expect(try await store.fraudWarnings(FraudWarningQuery(limit: 1, offset: 1), scope: .everything).map(\.id.rawValue) == ["w3"])
        var followed = soon
        followed.status = .dissuaded
        followed.followUps = [.init(status: .dissuaded, at: now, by: "officer")]
        followed.version = 2
        try await put(store, time, .followUpFraudWarning, .fraudWarningFollowedUp, [.fraudWarning(followed)])
        #expect(try await store.fraudWarnings(FraudWarningQuery(statuses: [.pending]), scope: .everything).map(\.id.rawValue) == ["w3", "w1"])
        #expect(try await store.fraudWarnings(FraudWarningQuery(statuses: [.dissuaded]), scope: stationA) == [followed])
        #expect(try await store.fraudWarnings(FraudWarningQuery(statuses: []), scope: .everything).isEmpty)
        #expect(try await store.fraudWarningReferences(["R1", "R3", "R9"]) == ["R1", "R3"])
        #expect(try await store.fraudWarningReferences([]).isEmpty)
        #expect(try await store.fraudWarnings(after: "w1", limit: 10).map(\.id.rawValue) == ["w2", "w3"])
    }

    static func disputes(_ store: any Store, _ time: TestTime) async throws {
        let now = time.now()
        func dispute(_ id: String, _ risk: Dispute.Risk, at path: String, opened: Double) -> Dispute {
            Dispute(id: DisputeID(id), kind: .neighbour, risk: risk, summary: "漏水", parties: [.init(name: "王某")], address: "庆阳路1号",
                    followUpDue: now.addingTimeInterval(86_400), openedAt: now.addingTimeInterval(opened), openedBy: "officer",
                    stationID: JurisdictionID("a"), path: path)
        }
        let d1 = dispute("d1", .high, at: stationA.path, opened: 0), d2 = dispute("d2", .low, at: stationA.path, opened: 60)
        let d3 = dispute("d3", .low, at: stationB.path, opened: 30)
        try await put(store, time, .openDispute, .disputeOpened, [.dispute(d1), .dispute(d2), .dispute(d3)])
        #expect(try await store.dispute(DisputeID("d3")) == d3)
        #expect(try await store.dispute(DisputeID("none")) == nil)
        #expect(try await store.disputes(DisputeQuery(), scope: stationA).map(\.id.rawValue) == ["d2", "d1"])
        #expect(try await store.disputes(DisputeQuery(), scope: .everything).map(\.id.rawValue) == ["d2", "d3", "d1"])
        #expect(try await store.disputes(DisputeQuery(risks: [.high]), scope: .everything).map(\.id.rawValue) == ["d1"])
        #expect(try await store.disputes(DisputeQuery(openedFrom: now.addingTimeInterval(10), openedBefore: now.addingTimeInterval(50)), scope: .everything).map(\.id.rawValue) == ["d3"])
        var settled = d2
        settled.status = .resolved
        settled.followUpDue = nil
        settled.version = 2
        try await put(store, time, .recordDisputeSession, .disputeSession, [.dispute(settled)])
        #expect(try await store.disputes(DisputeQuery(statuses: [.open, .mediating]), scope: .everything).map(\.id.rawValue) == ["d3", "d1"])
        #expect(try await store.disputes(DisputeQuery(statuses: [.resolved]), scope: stationA) == [settled])
        #expect(try await store.disputes(DisputeQuery(risks: []), scope: .everything).isEmpty)
        #expect(try await store.disputes(after: "d1", limit: 10).map(\.id.rawValue) == ["d2", "d3"])
    }

    static func volunteers(_ store: any Store, _ time: TestTime) async throws {
        let now = time.now()
        let t1 = VolunteerTeam(id: VolunteerTeamID("t1"), name: "B队", stationID: JurisdictionID("a"), members: [.init(username: "v1", name: "甲", joinedAt: now)],
                               createdAt: now, createdBy: "o", path: stationA.path)
        let t2 = VolunteerTeam(id: VolunteerTeamID("t2"), name: "A队", stationID: JurisdictionID("a"), createdAt: now, createdBy: "o", path: stationA.path)
        let t3 = VolunteerTeam(id: VolunteerTeamID("t3"), name: "丙队", stationID: JurisdictionID("b"), createdAt: now, createdBy: "o", path: stationB.path)
        try await put(store, time, .createVolunteerTeam, .volunteerTeamCreated, [.volunteerTeam(t1), .volunteerTeam(t2), .volunteerTeam(t3)])
        #expect(try await store.volunteerTeam(VolunteerTeamID("t1")) == t1)
        #expect(try await store.volunteerTeam(VolunteerTeamID("none")) == nil)
        #expect(try await store.volunteerTeams(scope: stationA).map(\.name) == ["A队", "B队"])
        #expect(try await store.volunteerTeams(after: "t1", limit: 10).map(\.id.rawValue) == ["t2", "t3"])
        func shift(_ id: String, _ team: VolunteerTeam, _ user: String, started: Double) -> VolunteerShift {
            VolunteerShift(id: VolunteerShiftID(id), teamID: team.id, teamName: team.name, stationID: team.stationID, username: user, name: user,
                           startedAt: now.addingTimeInterval(started), path: team.path)
        }
        let s1 = shift("s1", t1, "v1", started: 0), s2 = shift("s2", t2, "v2", started: 60), s3 = shift("s3", t3, "v3", started: 30)
        try await put(store, time, .startVolunteerShift, .volunteerShiftStarted, [.volunteerShift(s1), .volunteerShift(s2), .volunteerShift(s3)])
        var reported = s1
        reported.reports = [.init(number: 1, at: now, text: "可疑", location: nil, urgent: true)]
        reported.version = 2
        var ended = s2
        ended.endedAt = now.addingTimeInterval(3600)
        ended.version = 2
        try await put(store, time, .reportObservation, .volunteerReported, [.volunteerShift(reported), .volunteerShift(ended)])
        #expect(try await store.volunteerShift(VolunteerShiftID("s1")) == reported)
        #expect(try await store.volunteerShifts(VolunteerShiftQuery(), scope: stationA).map(\.id.rawValue) == ["s2", "s1"])
        #expect(try await store.volunteerShifts(VolunteerShiftQuery(unended: true), scope: .everything).map(\.id.rawValue) == ["s3", "s1"])
        #expect(try await store.volunteerShifts(VolunteerShiftQuery(pending: true), scope: .everything).map(\.id.rawValue) == ["s1"])
        #expect(try await store.volunteerShifts(VolunteerShiftQuery(teamIDs: [t2.id, t3.id]), scope: .everything).map(\.id.rawValue) == ["s2", "s3"])
        #expect(try await store.volunteerShifts(VolunteerShiftQuery(usernames: ["v3"]), scope: stationA).isEmpty)
        #expect(try await store.volunteerShifts(VolunteerShiftQuery(startedFrom: now.addingTimeInterval(10), startedBefore: now.addingTimeInterval(50)),
                                                scope: .everything).map(\.id.rawValue) == ["s3"])
        #expect(try await store.volunteerShifts(after: "s1", limit: 10).map(\.id.rawValue) == ["s2", "s3"])
    }

    static func actuals(_ store: any Store, _ time: TestTime) async throws {
        let now = time.now()
        let h = ActualHouse(id: HouseID("h1"), addressID: AddressID("a1"), use: .rented, ownerName: "陈", tenants: 3, collectedAt: now, collectedBy: "o",
                            path: stationA.path)
        let o1 = ActualOrganisation(id: OrganisationID("o1"), addressID: AddressID("a1"), name: "乙店", kind: .shop, creditCode: "91350100M000100Y43",
                                    principal: "周", collectedAt: now, collectedBy: "o", path: stationA.path)
        let o2 = ActualOrganisation(id: OrganisationID("o2"), addressID: AddressID("a1"), name: "甲宾馆", kind: .hotel, creditCode: "91110000802100433B",
                                    principal: "王", keyUnit: true, collectedAt: now, collectedBy: "o", path: stationA.path)
        try await put(store, time, .recordHouse, .houseRecorded, [.house(h), .organisation(o1), .organisation(o2)])
        #expect(try await store.house(at: AddressID("a1")) == h)
        #expect(try await store.house(at: AddressID("a2")) == nil)
        // By name: 乙 (U+4E59) before 甲 (U+7532).
        #expect(try await store.organisations(at: AddressID("a1")).map(\.id.rawValue) == ["o1", "o2"])
        #expect(try await store.organisationCodes(["91350100M000100Y43", "911100001000013934"]) == ["91350100M000100Y43"])
        #expect(try await store.organisationCodes([]).isEmpty)
        // A second house at the same door, or a second organisation with a taken code, is refused whole.
        let twin = ActualHouse(id: HouseID("h2"), addressID: AddressID("a1"), use: .vacant, ownerName: "李", collectedAt: now, collectedBy: "o", path: stationA.path)
        await #expect(throws: StoreError.self) { try await put(store, time, .recordHouse, .houseRecorded, [.house(twin)]) }
        var again = h
        again.tenants = 5
        again.version = 2
        try await put(store, time, .recordHouse, .houseRecorded, [.house(again)])
        let counts = try #require(try await store.registryCounts(scope: stationA).first { $0.path == stationA.path })
        #expect(counts.houses == 1 && counts.rented == 1 && counts.tenants == 5 && counts.organisations == 2 && counts.keyUnits == 1)
        #expect(try await store.houses(after: "", limit: 10) == [again])
        #expect(try await store.organisations(after: "o1", limit: 10).map(\.id.rawValue) == ["o2"])
    }
}

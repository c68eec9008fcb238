import Foundation
import PinganCore
import Testing

/// CAP 1.2's required elements and rules, checked on the value before any XML is involved, and
/// CAP's own date-time form.
@Suite("CAP 1.2 message rules")
struct CAPMessageTests {
    static let sent = Date(timeIntervalSince1970: 1_796_292_600)  // 2026-12-03T10:10:00Z

    static func valid() -> CAPMessage {
        CAPMessage(
            identifier: "PINGAN-HZ-20261203-0042", sender: "dispatch@hz.pingan.example", sent: sent, status: .actual,
            msgType: .alert, scope: .public,
            infos: [
                CAPInfo(categories: [.security], event: "Armed robbery", urgency: .immediate, severity: .severe, certainty: .observed,
                        areas: [CAPArea(areaDesc: "West Lake district",
                                        polygons: [[.init(lat: 30.26, lon: 120.13), .init(lat: 30.26, lon: 120.16),
                                                    .init(lat: 30.23, lon: 120.16), .init(lat: 30.26, lon: 120.13)]],
                                        circles: [.init(lat: 30.25, lon: 120.15, radiusKm: 2)])]),
            ])
    }

    /// The refusal `change` causes to a valid message.
    static func refusal(_ change: (inout CAPMessage) -> Void) -> CAPError? {
        var message = valid()
        change(&message)
        do throws(CAPError) {
            try message.validate()
            return nil
        } catch {
            return error
        }
    }

    @Test func aCompleteMessageIsValid() throws {
        try Self.valid().validate()
        var full = Self.valid()
        full.scope = .private
        full.addresses = ["ops@sz.example", "Duty Desk 3"]
        full.references = [.init(sender: "dispatch@hz.pingan.example", identifier: "PINGAN-HZ-1", sent: Self.sent)]
        full.note = "Second notice\r\nsee web"
        full.infos[0].areas[0].circles = [.init(lat: -90, lon: 180, radiusKm: 0)]
        try full.validate()
    }

    @Test func requiredAlertElementsMustBePresent() {
        #expect(Self.refusal { $0.identifier = "" } == CAPError(.missingElement, element: "identifier", "<identifier> is required"))
        #expect(Self.refusal { $0.sender = "" }?.element == "sender")
        #expect(Self.refusal { $0.sender = "" }?.kind == .missingElement)
    }

    @Test func identifierAndSenderRefuseSpacesCommasAndRestrictedCharacters() {
        for bad in ["A B", "A,B", "A<B", "A&B", "A\tB", "A\nB"] {
            let identifier = Self.refusal { $0.identifier = bad }
            #expect(identifier?.kind == .invalidValue && identifier?.element == "identifier", "\(bad)")
            #expect(identifier?.message.contains("<identifier>") == true)
            let sender = Self.refusal { $0.sender = bad }
            #expect(sender?.kind == .invalidValue && sender?.element == "sender", "\(bad)")
        }
        // Other punctuation is allowed: senders are often e-mail addresses or URNs.
        #expect(Self.refusal { $0.sender = "urn:pingan:hz/dispatch#1@x.example" } == nil)
    }

    @Test func restrictedScopeNeedsARestrictionAndPrivateNeedsAddresses() {
        #expect(Self.refusal { $0.scope = .restricted }?.element == "restriction")
        #expect(Self.refusal { $0.scope = .restricted; $0.restriction = "  " }?.kind == .missingElement)
        #expect(Self.refusal { $0.scope = .restricted; $0.restriction = "Police only" } == nil)
        #expect(Self.refusal { $0.scope = .private }?.element == "addresses")
        #expect(Self.refusal { $0.scope = .private; $0.addresses = [] }?.kind == .missingElement)
        #expect(Self.refusal { $0.scope = .private; $0.addresses = ["ops@x.example"] } == nil)
        // A quote cannot be written inside CAP's quoted addresses.
        #expect(Self.refusal { $0.scope = .private; $0.addresses = ["a \"b\""] }?.kind == .invalidValue)
    }

    @Test func everyInfoNeedsACategoryAndAnEvent() {
        let category = Self.refusal { $0.infos[0].categories = [] }
        #expect(category == CAPError(.missingElement, element: "category", "<category> is required"))
        #expect(Self.refusal { $0.infos[0].event = " " }?.element == "event")
        // With several infos the message says which one.
        let second = Self.refusal { $0.infos.append($0.infos[0]); $0.infos[1].categories = [] }
        #expect(second?.message == "info 2: <category> is required")
        #expect(Self.refusal { $0.infos = [] } == nil)  // an ack or cancel may have none
    }

    @Test func everyAreaNeedsADescription() {
        let refusal = Self.refusal { $0.infos[0].areas[0].areaDesc = "" }
        #expect(refusal?.kind == .missingElement && refusal?.element == "areaDesc")
        let second = Self.refusal { $0.infos[0].areas.append(CAPArea(areaDesc: "")) }
        #expect(second?.message == "area 2: <areaDesc> is required")
    }

    @Test func polygonsAreClosedRingsOfAtLeastFourPairs() {
        let short = Self.refusal { $0.infos[0].areas[0].polygons[0].remove(at: 1) }
        #expect(short?.kind == .invalidValue && short?.element == "polygon")
        #expect(short?.message.contains("at least 4") == true)
        let open = Self.refusal { $0.infos[0].areas[0].polygons[0][3] = .init(lat: 30.23, lon: 120.13) }
        #expect(open?.kind == .invalidValue && open?.element == "polygon")
        #expect(open?.message.contains("not closed") == true)
    }

    @Test func positionsAndRadiiMustBeInRange() {
        for (lat, lon) in [(90.01, 0.0), (-90.5, 0), (0, 180.1), (0, -181), (.nan, 0), (0, .infinity)] {
            let polygon = Self.refusal {
                $0.infos[0].areas[0].polygons[0][1] = .init(lat: lat, lon: lon)
            }
            #expect(polygon?.kind == .invalidValue && polygon?.element == "polygon", "\(lat),\(lon)")
            let circle = Self.refusal { $0.infos[0].areas[0].circles[0] = .init(lat: lat, lon: lon, radiusKm: 1) }
            #expect(circle?.kind == .invalidValue && circle?.element == "circle", "\(lat),\(lon)")
        }
        for radius in [-0.001, .nan, .infinity] {
            let refusal = Self.refusal { $0.infos[0].areas[0].circles[0].radiusKm = radius }
            #expect(refusal?.kind == .invalidValue && refusal?.element == "circle", "\(radius)")
        }
    }

    @Test func instantsMustHaveFourDigitYears() {
        #expect(Self.refusal { $0.sent = Date(timeIntervalSince1970: 253_402_300_800) }?.element == "sent")
        #expect(Self.refusal { $0.infos[0].expires = .distantPast }?.element == "expires")
        #expect(Self.refusal { $0.infos[0].effective = Date(timeIntervalSince1970: .nan) }?.element == "effective")
    }

    /// XML 1.0 cannot carry most C0 controls, even as references; refusing them keeps every
    /// written document well formed.
    @Test func textXMLCannotCarryIsRefused() {
        #expect(Self.refusal { $0.note = "a\u{0}b" }?.element == "note")
        #expect(Self.refusal { $0.infos[0].description = "bell\u{7}" }?.element == "description")
        #expect(Self.refusal { $0.infos[0].parameters = [.init(valueName: "k", value: "\u{FFFE}")] }?.element == "value")
        #expect(Self.refusal { $0.infos[0].parameters = [.init(valueName: "", value: "v")] }?.element == "valueName")
        #expect(Self.refusal { $0.infos[0].description = "tabs\tand\r\nline breaks are fine" } == nil)
    }

    @Test func errorKindsHaveStableCodes() {
        #expect([CAPError.Kind.malformed, .missingElement, .invalidValue, .unsupportedVersion].map(\.rawValue)
            == ["malformed", "missing_element", "invalid_value", "unsupported_version"])
        #expect(CAPError.missing("event", in: "info 2: ").description == "missing_element: info 2: <event> is required")
    }

    @Test func enumerationsUseCAPSpellings() {
        #expect(CAPMessage.Status.allCases.map(\.rawValue) == ["Actual", "Exercise", "System", "Test", "Draft"])
        #expect(CAPMessage.MessageType.allCases.map(\.rawValue) == ["Alert", "Update", "Cancel", "Ack", "Error"])
        #expect(CAPMessage.Scope.allCases.map(\.rawValue) == ["Public", "Restricted", "Private"])
        #expect(CAPCategory.allCases.map(\.rawValue)
            == ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"])
        #expect(CAPInfo.Urgency.allCases.map(\.rawValue) == ["Immediate", "Expected", "Future", "Past", "Unknown"])
        #expect(CAPInfo.Severity.allCases.map(\.rawValue) == ["Extreme", "Severe", "Moderate", "Minor", "Unknown"])
        #expect(CAPInfo.Certainty.allCases.map(\.rawValue) == ["Observed", "Likely", "Possible", "Unlikely", "Unknown"])
        #expect(CAPInfo(categories: [.fire], event: "e", urgency: .past, severity: .minor, certainty: .likely).language == "en-US")
    }

    @Test func messagesRoundTripThroughJSON() throws {
        var message = Self.valid()
        message.references = [.init(sender: "a", identifier: "b", sent: Self.sent)]
        message.infos[0].parameters = [.init(valueName: "caseNumber", value: "HZ-42")]
        let data = try JSONEncoder().encode(message)
        #expect(try JSONDecoder().decode(CAPMessage.self, from: data) == message)
    }

    // MARK: Date-time

    @Test func dateTimesAreWrittenWithAnExplicitOffsetAndNoFraction() {
        #expect(CAPDateTime.format(Self.sent) == "2026-12-03T10:10:00-00:00")
        #expect(CAPDateTime.format(Self.sent, utcOffsetMinutes: 480) == "2026-12-03T18:10:00+08:00")
        #expect(CAPDateTime.format(Self.sent, utcOffsetMinutes: -330) == "2026-12-03T04:40:00-05:30")
        #expect(CAPDateTime.format(Self.sent.addingTimeInterval(0.999)) == "2026-12-03T10:10:00-00:00")
        #expect(CAPDateTime.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59-00:00")
        // An impossible offset falls back to UTC rather than writing an invalid one.
        #expect(CAPDateTime.format(Self.sent, utcOffsetMinutes: 15 * 60) == "2026-12-03T10:10:00-00:00")
        #expect(CAPDateTime.format(Date(timeIntervalSince1970: 0), utcOffsetMinutes: 60) == "1970-01-01T01:00:00+01:00")
        #expect(CAPDateTime.format(Date(timeIntervalSince1970: -62_135_596_800)) == "0001-01-01T00:00:00-00:00")
    }

    @Test func dateTimesReadAnyOffset() throws {
        #expect(try CAPDateTime.parse("2026-12-03T18:10:00+08:00") == Self.sent)
        #expect(try CAPDateTime.parse("2026-12-03T10:10:00-00:00") == Self.sent)
        #expect(try CAPDateTime.parse("2026-12-03T10:10:00+00:00") == Self.sent)
        #expect(try CAPDateTime.parse("2026-12-03T04:40:00-05:30") == Self.sent)
        #expect(try CAPDateTime.parse("2024-02-29T00:00:00+14:00") == Date(timeIntervalSince1970: 1_709_114_400))
    }

    @Test func dateTimesRefuseOtherForms() {
        for text in ["2026-12-03T10:10:00Z", "2026-12-03T10:10:00z", "2026-12-03T10:10:00.5-00:00", "2026-12-03T10:10:00",
                     "2026-12-03 10:10:00+08:00", "2026-02-29T10:10:00+08:00", "2026-12-03T24:00:00+08:00",
                     "2026-12-03T10:10:00+14:30", "2026-12-03T10:10:00+0800", "0000-01-01T00:00:00-00:00", "", "yesterday"] {
            #expect(throws: CAPError.self, "\(text)") { try CAPDateTime.parse(text, element: "expires") }
            do throws(CAPError) {
                _ = try CAPDateTime.parse(text, element: "expires")
            } catch {
                #expect(error.kind == .invalidValue && error.element == "expires", "\(text)")
            }
        }
        do throws(CAPError) {
            _ = try CAPDateTime.parse("2026-12-03T10:10:00Z")
        } catch {
            #expect(error.message.contains("-00:00"))
        }
    }

    @Test func dateTimesRoundTripAtEveryOffset() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = Double(Int64.random(in: -62_135_596_800 + 86_400...253_402_300_799 - 86_400, using: &rng))
            let offset = Int.random(in: -14 * 4...14 * 4, using: &rng) * 15
            let text = CAPDateTime.format(Date(timeIntervalSince1970: seconds), utcOffsetMinutes: offset)
            #expect(try CAPDateTime.parse(text) == Date(timeIntervalSince1970: seconds), "\(text)")
            // The same instant the platform's ISO-8601 reader sees, where it reads four-digit years.
            #expect(Timestamp.parse(text) == Date(timeIntervalSince1970: seconds), "\(text)")
        }
    }
}

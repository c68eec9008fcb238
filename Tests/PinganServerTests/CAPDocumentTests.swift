import Foundation
import PinganCore
@testable import PinganServer
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The CAP 1.2 XML form: what Pingan writes reads back the same, what another warning system
/// writes is read or refused with the element at fault named.
@Suite("CAP 1.2 documents")
struct CAPDocumentTests {
    static let sent = Date(timeIntervalSince1970: 1_796_292_600)  // 2026-12-03T10:10:00Z

    /// Two infos (two languages), a polygon and a circle, and every optional element Pingan keeps.
    static func full() -> CAPMessage {
        let ring: [CAPArea.Point] = [.init(lat: 30.2612, lon: 120.1301), .init(lat: 30.2612, lon: 120.1658),
                                     .init(lat: 30.2297, lon: 120.1658), .init(lat: 30.2297, lon: 120.1301),
                                     .init(lat: 30.2612, lon: 120.1301)]
        let area = CAPArea(areaDesc: "West Lake scenic area", polygons: [ring],
                           circles: [.init(lat: 30.2455, lon: 120.1479, radiusKm: 1.5)])
        return CAPMessage(
            identifier: "PINGAN-HZ-20261203-0042", sender: "dispatch@hz.pingan.example", sent: sent, status: .exercise,
            msgType: .update, source: "Hangzhou command centre, console 4", scope: .restricted,
            restriction: "Police and partner agencies only",
            references: [.init(sender: "dispatch@hz.pingan.example", identifier: "PINGAN-HZ-20261203-0041", sent: sent - 600)],
            note: "Exercise WL-12: not a real event",
            infos: [
                CAPInfo(language: "en-US", categories: [.security, .safety], event: "Armed robbery", responseTypes: ["Avoid", "Monitor"],
                        urgency: .immediate, severity: .severe, certainty: .observed, senderName: "Hangzhou Public Security Bureau",
                        headline: "Armed suspect near West Lake", description: "A suspect with a knife fled on foot.\nLast seen heading north.",
                        instruction: "Stay indoors and away from windows.", effective: sent, expires: sent + 7200,
                        web: "https://hz.pingan.example/alerts/0042", contact: "110",
                        parameters: [.init(valueName: "caseNumber", value: "HZ-2026-0042"), .init(valueName: "tier", value: "1")],
                        areas: [area]),
                CAPInfo(language: "zh-CN", categories: [.security], event: "持刀抢劫", urgency: .immediate, severity: .severe,
                        certainty: .observed, headline: "西湖附近发现持刀嫌疑人", areas: [area, CAPArea(areaDesc: "断桥", circles: [
                            .init(lat: 30.2588, lon: 120.1514, radiusKm: 0)])]),
            ])
    }

    @Test func aWrittenMessageReadsBackEqual() throws {
        let message = Self.full()
        try message.validate()
        let xml = CAPDocument.write(message)
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\">"))
        #expect(xml.contains("<sent>2026-12-03T10:10:00-00:00</sent>"))
        #expect(xml.contains("<polygon>30.2612,120.1301 30.2612,120.1658 30.2297,120.1658 30.2297,120.1301 30.2612,120.1301</polygon>"))
        #expect(xml.contains("<circle>30.2455,120.1479 1.5</circle>"))
        #expect(xml.contains("<references>dispatch@hz.pingan.example,PINGAN-HZ-20261203-0041,2026-12-03T10:00:00-00:00</references>"))
        #expect(try CAPDocument.read(Data(xml.utf8)) == message)

        // At China's offset the instants are the same.
        let local = CAPDocument.write(message, utcOffsetMinutes: 480)
        #expect(local.contains("<sent>2026-12-03T18:10:00+08:00</sent>"))
        #expect(try CAPDocument.read(Data(local.utf8)) == message)
    }

    @Test func privateMessagesKeepTheirAddresses() throws {
        var message = Self.full()
        message.scope = .private
        message.restriction = nil
        message.addresses = ["ops@sz.pingan.example", "Duty Desk 3", "110-centre"]
        let xml = CAPDocument.write(message)
        #expect(xml.contains("<addresses>ops@sz.pingan.example &quot;Duty Desk 3&quot; 110-centre</addresses>"))
        #expect(try CAPDocument.read(Data(xml.utf8)) == message)
    }

    @Test func specialCharactersAreEscapedAndReadBack() throws {
        var message = Self.full()
        let text = #"Tom & Jerry's <"bar"> ]]> café"# + "\r\n\ttabbed\r"
        message.note = text
        message.infos[0].description = text
        message.infos[0].parameters = [.init(valueName: "a<b", value: "x&y")]
        message.infos[1].areas[1].areaDesc = "\"Broken\" Bridge & <Lake>"
        try message.validate()
        let xml = CAPDocument.write(message)
        #expect(xml.contains("<note>Tom &amp; Jerry&apos;s &lt;&quot;bar&quot;&gt; ]]&gt; café&#13;\n\ttabbed&#13;</note>"))
        #expect(xml.contains("<valueName>a&lt;b</valueName>"))
        #expect(xml.contains("<areaDesc>&quot;Broken&quot; Bridge &amp; &lt;Lake&gt;</areaDesc>"))
        #expect(try CAPDocument.read(Data(xml.utf8)) == message)
    }

    /// CAP has no exponent form; tiny and large numbers are spelled out and read back exactly.
    @Test func numbersAreWrittenAsPlainDecimals() throws {
        for value in [0.0, -0.0, 1, -1, 0.5, 1e-5, -1.2345e-7, 89.99999999999999, 1e16, 1.2345678901234568e20, .leastNonzeroMagnitude, -180] {
            let text = CAPDocument.decimal(value)
            #expect(!text.contains("e") && !text.contains("E"), "\(text)")
            #expect(Double(text) == value, "\(value) → \(text)")
        }
        #expect(CAPDocument.decimal(120) == "120")
        #expect(CAPDocument.decimal(0.00001) == "0.00001")
    }

    /// Written by hand after the pattern of the standard's examples, as another system might send it:
    /// namespace prefix, indentation inside free text, elements Pingan does not keep.
    static let handWritten = """
        <?xml version="1.0" encoding="UTF-8"?>
        <cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2" xmlns:ext="https://ext.example/cap-extras">
          <cap:identifier>
            NB-FLOOD-7781
          </cap:identifier>
          <cap:sender>warnings@ningbo-weather.example</cap:sender>
          <cap:sent>2026-07-14T16:45:00+08:00</cap:sent>
          <cap:status>Actual</cap:status>
          <cap:msgType>Alert</cap:msgType>
          <cap:source>Duty forecaster</cap:source>
          <cap:scope>Public</cap:scope>
          <cap:code>IPAWSv1.0</cap:code>
          <cap:incidents>typhoon-2026-09</cap:incidents>
          <ext:routing><cap:identifier>NOT-THIS-ONE</cap:identifier></ext:routing>
          <cap:info>
            <cap:category>Met</cap:category>
            <cap:category>Transport</cap:category>
            <cap:event>Flash flood</cap:event>
            <cap:responseType>Avoid</cap:responseType>
            <cap:urgency>Expected</cap:urgency>
            <cap:severity>Moderate</cap:severity>
            <cap:certainty>Likely</cap:certainty>
            <cap:audience>Drivers</cap:audience>
            <cap:eventCode><cap:valueName>SAME</cap:valueName><cap:value>FFW</cap:value></cap:eventCode>
            <cap:onset>2026-07-14T18:00:00+08:00</cap:onset>
            <cap:expires>2026-07-14T23:00:00+08:00</cap:expires>
            <cap:senderName>Ningbo Meteorological Office</cap:senderName>
            <cap:headline>Flash flooding expected on low roads</cap:headline>
            <cap:description><![CDATA[Rain > 80 mm in 3 hours & rising rivers.]]></cap:description>
            <cap:parameter>
              <cap:valueName>rainfall_mm</cap:valueName>
              <cap:value>80</cap:value>
            </cap:parameter>
            <cap:resource><cap:resourceDesc>Map</cap:resourceDesc><cap:mimeType>image/png</cap:mimeType></cap:resource>
            <cap:area>
              <cap:areaDesc>Yinzhou low-lying roads</cap:areaDesc>
              <cap:polygon>
                29.82,121.52 29.82,121.60
                29.76,121.60 29.82,121.52
              </cap:polygon>
              <cap:circle>29.80,121.55 3</cap:circle>
              <cap:geocode><cap:valueName>GB/T 2260</cap:valueName><cap:value>330212</cap:value></cap:geocode>
              <cap:altitude>0</cap:altitude>
            </cap:area>
          </cap:info>
          <cap:info>
            <cap:language>zh-CN</cap:language>
            <cap:category>Met</cap:category>
            <cap:event>山洪</cap:event>
            <cap:urgency>Expected</cap:urgency>
            <cap:severity>Moderate</cap:severity>
            <cap:certainty>Likely</cap:certainty>
          </cap:info>
        </cap:alert>
        """

    @Test func aHandWrittenDocumentIsRead() throws {
        let message = try CAPDocument.read(Data(Self.handWritten.utf8))
        #expect(message.identifier == "NB-FLOOD-7781")
        #expect(message.sender == "warnings@ningbo-weather.example")
        #expect(message.sent == Date(timeIntervalSince1970: 1_784_018_700))  // 08:45 UTC
        #expect(message.status == .actual && message.msgType == .alert && message.scope == .public)
        #expect(message.source == "Duty forecaster")
        #expect(message.infos.count == 2)
        let info = message.infos[0]
        #expect(info.language == "en-US")
        #expect(info.categories == [.met, .transport])
        #expect(info.event == "Flash flood")
        #expect(info.responseTypes == ["Avoid"])
        #expect(info.urgency == .expected && info.severity == .moderate && info.certainty == .likely)
        #expect(info.expires == Date(timeIntervalSince1970: 1_784_041_200))
        #expect(info.effective == nil)
        #expect(info.description == "Rain > 80 mm in 3 hours & rising rivers.")
        #expect(info.parameters == [.init(valueName: "rainfall_mm", value: "80")])
        #expect(info.areas == [CAPArea(areaDesc: "Yinzhou low-lying roads",
                                       polygons: [[.init(lat: 29.82, lon: 121.52), .init(lat: 29.82, lon: 121.60),
                                                   .init(lat: 29.76, lon: 121.60), .init(lat: 29.82, lon: 121.52)]],
                                       circles: [.init(lat: 29.80, lon: 121.55, radiusKm: 3)])])
        #expect(message.infos[1].language == "zh-CN" && message.infos[1].event == "山洪" && message.infos[1].areas.isEmpty)
    }

    static func refusal(_ xml: String) -> CAPError? {
        do throws(CAPError) {
            _ = try CAPDocument.read(Data(xml.utf8))
            return nil
        } catch {
            return error
        }
    }

    /// Without prefixes and one element a line, so each can be dropped in turn.
    static let minimal = """
        <?xml version="1.0" encoding="UTF-8"?>
        <alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
        <identifier>PA-1</identifier>
        <sender>dispatch@pingan.example</sender>
        <sent>2026-12-03T18:10:00+08:00</sent>
        <status>Test</status>
        <msgType>Alert</msgType>
        <scope>Public</scope>
        <info>
        <category>Rescue</category>
        <event>Missing person</event>
        <urgency>Immediate</urgency>
        <severity>Moderate</severity>
        <certainty>Possible</certainty>
        <parameter>
        <valueName>age</valueName>
        <value>7</value>
        </parameter>
        <area>
        <areaDesc>Riverside park</areaDesc>
        </area>
        </info>
        </alert>
        """

    @Test func everyRequiredElementMissingInTurnIsRefusedByName() throws {
        _ = try CAPDocument.read(Data(Self.minimal.utf8))
        for element in ["identifier", "sender", "sent", "status", "msgType", "scope", "category", "event", "urgency", "severity",
                        "certainty", "valueName", "value", "areaDesc"] {
            let xml = Self.minimal.split(separator: "\n").filter { !$0.hasPrefix("<\(element)>") }.joined(separator: "\n")
            #expect(xml != Self.minimal)
            let refusal = Self.refusal(xml)
            #expect(refusal?.kind == .missingElement, "\(element)")
            #expect(refusal?.element == element, "\(element)")
            #expect(refusal?.message.contains("<\(element)>") == true, "\(element)")
        }
        // Present but empty is missing too.
        #expect(Self.refusal(Self.minimal.replacingOccurrences(of: "<event>Missing person</event>", with: "<event/>"))?.element == "event")
        #expect(Self.refusal(Self.minimal.replacingOccurrences(of: "<identifier>PA-1</identifier>", with: "<identifier> </identifier>"))?
            .kind == .missingElement)
        // Scope-dependent elements.
        let restricted = Self.refusal(Self.minimal.replacingOccurrences(of: "<scope>Public</scope>", with: "<scope>Restricted</scope>"))
        #expect(restricted?.kind == .missingElement && restricted?.element == "restriction")
        let `private` = Self.refusal(Self.minimal.replacingOccurrences(of: "<scope>Public</scope>", with: "<scope>Private</scope>"))
        #expect(`private`?.kind == .missingElement && `private`?.element == "addresses")
    }

    @Test func invalidValuesAreRefusedByName() {
        let cases: [(String, String, String)] = [
            ("<sent>2026-12-03T18:10:00+08:00</sent>", "<sent>2026-12-03T10:10:00Z</sent>", "sent"),
            ("<sent>2026-12-03T18:10:00+08:00</sent>", "<sent>2026-12-03T18:10:00.250+08:00</sent>", "sent"),
            ("<status>Test</status>", "<status>test</status>", "status"),
            ("<msgType>Alert</msgType>", "<msgType>Warning</msgType>", "msgType"),
            ("<scope>Public</scope>", "<scope>Everyone</scope>", "scope"),
            ("<category>Rescue</category>", "<category>Police</category>", "category"),
            ("<urgency>Immediate</urgency>", "<urgency>Now</urgency>", "urgency"),
            ("<severity>Moderate</severity>", "<severity>High</severity>", "severity"),
            ("<certainty>Possible</certainty>", "<certainty>Sure</certainty>", "certainty"),
            ("<identifier>PA-1</identifier>", "<identifier>PA 1</identifier>", "identifier"),
            ("<sender>dispatch@pingan.example</sender>", "<sender>a,b</sender>", "sender"),
            ("<sender>dispatch@pingan.example</sender>", "<sender>a&amp;b</sender>", "sender"),
            ("<identifier>PA-1</identifier>", "<identifier>PA-1</identifier><identifier>PA-2</identifier>", "identifier"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><polygon>1,2 1,3 2,3</polygon>", "polygon"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><polygon>1,2 1,3 2,3 2,2</polygon>", "polygon"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><polygon>1,2 1;3 2,3 1,2</polygon>", "polygon"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><polygon>91,2 1,3 2,3 91,2</polygon>", "polygon"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><circle>1,2 -1</circle>", "circle"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><circle>1,2</circle>", "circle"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><circle>1,nan 2</circle>", "circle"),
            ("<areaDesc>Riverside park</areaDesc>", "<areaDesc>p</areaDesc><circle>1,200 2</circle>", "circle"),
            ("<scope>Public</scope>", "<scope>Private</scope><addresses>\"unterminated</addresses>", "addresses"),
            ("<scope>Public</scope>", "<scope>Public</scope><references>a,b</references>", "references"),
            ("<scope>Public</scope>", "<scope>Public</scope><references>a,b,2026-12-03T10:10:00Z</references>", "references"),
        ]
        for (from, to, element) in cases {
            let xml = Self.minimal.replacingOccurrences(of: from, with: to)
            #expect(xml != Self.minimal)
            let refusal = Self.refusal(xml)
            #expect(refusal?.kind == .invalidValue, "\(to)")
            #expect(refusal?.element == element, "\(to): \(String(describing: refusal))")
        }
    }

    @Test func otherCAPVersionsAreRefusedSayingSo() {
        let v11 = Self.refusal(Self.minimal.replacingOccurrences(of: "cap:1.2", with: "cap:1.1"))
        #expect(v11?.kind == .unsupportedVersion)
        #expect(v11?.message.contains("CAP 1.1") == true)
        let v10 = Self.refusal(Self.minimal.replacingOccurrences(of: "urn:oasis:names:tc:emergency:cap:1.2", with: "http://www.incident.com/cap/1.0"))
        #expect(v10?.kind == .unsupportedVersion && v10?.message.contains("CAP 1.0") == true)
        let bare = Self.refusal(Self.minimal.replacingOccurrences(of: #" xmlns="urn:oasis:names:tc:emergency:cap:1.2""#, with: ""))
        #expect(bare?.kind == .unsupportedVersion)
        #expect(Self.refusal(#"<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title></feed>"#)?.kind == .unsupportedVersion)
        #expect(Self.refusal(#"<event uid="HP01-1" time="2026-11-23T08:00:00Z" type="a-f-G"/>"#)?.kind == .unsupportedVersion)
    }

    @Test func malformedXMLIsRefused() {
        let truncated = String(Self.minimal.prefix(Self.minimal.count - 12))
        for xml in ["", "not xml", "<alert", truncated, Self.minimal + "<more/>", Self.minimal.replacingOccurrences(of: "</info>", with: "</inf>"),
                    Self.minimal.replacingOccurrences(of: "PA-1", with: "PA&bogus;1"),
                    Self.minimal.replacingOccurrences(of: "Missing person", with: "Missing < person"),
                    #"<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY a "aaaa">]>"# + Self.minimal.split(separator: "\n").dropFirst().joined(separator: "\n"),
                    // Broken after a CAP fault still counts as malformed first.
                    "<alert xmlns=\"urn:oasis:names:tc:emergency:cap:1.1\"><unclosed></alert>"] {
            let refusal = Self.refusal(xml)
            #expect(refusal?.kind == .malformed, "\(xml.suffix(60)): \(String(describing: refusal))")
        }
    }

    /// A validating receiver refuses a document whose elements are out of the schema's order.
    @Test func elementsAreWrittenInSchemaOrder() throws {
        let order: [String: [String]] = [
            "alert": ["identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction", "addresses", "code", "note",
                      "references", "incidents", "info"],
            "info": ["language", "category", "event", "responseType", "urgency", "severity", "certainty", "audience", "eventCode",
                     "effective", "onset", "expires", "senderName", "headline", "description", "instruction", "web", "contact",
                     "parameter", "resource", "area"],
            "parameter": ["valueName", "value"],
            "area": ["areaDesc", "polygon", "circle", "geocode", "altitude", "ceiling"],
        ]
        var message = Self.full()
        message.addresses = ["a@b.example"]
        for xml in [CAPDocument.write(message), CAPDocument.write(message, utcOffsetMinutes: -300)] {
            let children = try ChildLister.children(of: Data(xml.utf8))
            #expect(children["alert"]?.count == 1 && children["info"]?.count == 2 && children["area"]?.count == 3)
            #expect(children["alert"]?.first == ["identifier", "sender", "sent", "status", "msgType", "source", "scope", "restriction",
                                                  "addresses", "note", "references", "info", "info"])
            for (parent, lists) in children {
                let schema = try #require(order[parent], "\(parent)")
                for names in lists {
                    let positions = names.map { schema.firstIndex(of: $0) ?? -1 }
                    #expect(!positions.contains(-1), "\(parent): \(names)")
                    #expect(positions == positions.sorted(), "\(parent): \(names)")
                }
            }
        }
    }

    /// Collects, for each element that has children, the names of its children in document order.
    private final class ChildLister: NSObject, XMLParserDelegate {
        var children: [String: [[String]]] = [:]
        private var stack: [(name: String, children: [String])] = []

        static func children(of data: Data) throws -> [String: [[String]]] {
            let lister = ChildLister()
            let parser = XMLParser(data: data)
            parser.shouldProcessNamespaces = true
            parser.delegate = lister
            #expect(parser.parse())
            return lister.children
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            #expect(namespaceURI == CAPMessage.namespace)
            if !stack.isEmpty { stack[stack.count - 1].children.append(name) }
            stack.append((name, []))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let closed = stack.removeLast()
            if !closed.children.isEmpty { children[closed.name, default: []].append(closed.children) }
        }
    }
}

import Foundation
import Testing
@testable import PinganGeo

/// Every kind of broken input must end in a `GeoError` naming the file and position, never a
/// crash or a hang.
@Suite("Bad input")
struct BadInputTests {
    func expectError(_ kind: GeoError.Kind? = nil, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            try body()
            Issue.record("expected a GeoError", sourceLocation: sourceLocation)
        } catch let e as GeoError {
            if let kind { #expect(e.kind == kind, "\(e)", sourceLocation: sourceLocation) }
            #expect(e.file != nil, "error should name the file: \(e)", sourceLocation: sourceLocation)
            #expect(e.byteOffset != nil || e.line != nil || e.kind == .empty || e.kind == .truncated || e.kind == .fileNotFound,
                    "error should give a position: \(e)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected error type \(error)", sourceLocation: sourceLocation)
        }
    }

    var pbfBytes: [UInt8] { Array(FileManager.default.contents(atPath: TestData.helsinkiPath)!) }

    // MARK: PBF

    @Test func pbfTruncated() {
        let b = pbfBytes
        for cut in [3, 10, 200, b.count / 2, b.count - 1] {
            let p = TestData.write(Array(b[0..<cut]), name: "cut.osm.pbf")
            expectError(.truncated) { _ = try PBFReader.read(path: p) }
        }
    }

    @Test func pbfHeaderTooLarge() {
        var b = pbfBytes
        b[0] = 0; b[1] = 1; b[2] = 0; b[3] = 1 // 65537
        let p = TestData.write(b, name: "bighdr.osm.pbf")
        expectError(.blobTooLarge) { _ = try PBFReader.read(path: p) }
    }

    @Test func pbfBlobTooLarge() {
        // Hand-made BlobHeader: type "OSMData", datasize 40 MiB.
        var hdr: [UInt8] = [0x0a, 7] + Array("OSMData".utf8) + [0x18]
        var v = 40 * 1024 * 1024
        while v >= 0x80 { hdr.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
        hdr.append(UInt8(v))
        let b: [UInt8] = [0, 0, 0, UInt8(hdr.count)] + hdr + [UInt8](repeating: 0, count: 64)
        let p = TestData.write(b, name: "bigblob.osm.pbf")
        expectError(.blobTooLarge) { _ = try PBFReader.read(path: p) }
    }

    @Test func pbfEmptyAndGarbage() {
        expectError(.empty) { _ = try PBFReader.read(path: TestData.write([UInt8](), name: "empty.osm.pbf")) }
        let g = TestData.write(Array("this is not a pbf file at all, just text".utf8), name: "garbage.osm.pbf")
        expectError { _ = try PBFReader.read(path: g) }
        expectError(.fileNotFound) { _ = try PBFReader.read(path: "/nonexistent/x.osm.pbf") }
    }

    @Test func pbfCorruptZlib() {
        var b = pbfBytes
        // Flip bytes deep inside the second blob's compressed data.
        let hlen = Int(b[0]) << 24 | Int(b[1]) << 16 | Int(b[2]) << 8 | Int(b[3])
        let start = 4 + hlen + 300
        for i in start..<(start + 64) { b[i] ^= 0x5a }
        let p = TestData.write(b, name: "zlib.osm.pbf")
        expectError { _ = try PBFReader.read(path: p) }
    }

    /// Seeded random truncations and bit flips of the real PBF: the reader may only throw.
    @Test(.timeLimit(.minutes(1))) func pbfFuzz() throws {
        let original = pbfBytes
        // Split the file into its blobs, then fuzz small files made of the header blob plus one
        // data blob: the first (dense nodes) most of the time, the last (ways) every fifth run.
        var blobs: [Range<Int>] = []
        var end = 0
        while end + 4 < original.count {
            let h = Int(original[end]) << 24 | Int(original[end + 1]) << 16 | Int(original[end + 2]) << 8 | Int(original[end + 3])
            let hdr = Array(original[(end + 4)..<(end + 4 + h)])
            var i = 0, size = 0
            while i < hdr.count {
                let key = hdr[i]; i += 1
                if key == 0x18 { var s = 0, sh = 0; while true { let b = hdr[i]; i += 1; s |= Int(b & 0x7f) << sh; sh += 7; if b < 0x80 { break } }; size = s }
                else if key & 7 == 2 { let l = Int(hdr[i]); i += 1 + l } else { i += 1 }
            }
            blobs.append(end..<(end + 4 + h + size))
            end += 4 + h + size
        }
        try #require(blobs.count >= 3)
        let nodesBase = Array(original[blobs[0]]) + Array(original[blobs[1]])
        let waysBase = Array(original[blobs[0]]) + Array(original[blobs[blobs.count - 1]])
        _ = try PBFReader.read(path: TestData.write(waysBase, name: "ways.osm.pbf")) // the unmutated pieces parse
        let dir = TestData.tempDir()
        let path = dir.appendingPathComponent("fuzz.osm.pbf").path
        var rng = SplitMix64(seed: 20260101)
        let deadline = Date().addingTimeInterval(18)
        var iterations = 0, threw = 0
        while iterations < 3000 && Date() < deadline {
            var b = iterations % 5 == 4 ? waysBase : nodesBase
            switch rng.next() % 4 {
            case 0: b.removeLast(Int(rng.next() % UInt64(b.count)))
            case 1:
                for _ in 0..<(1 + rng.next() % 8) { let i = Int(rng.next() % UInt64(b.count)); b[i] ^= UInt8(1 << (rng.next() % 8)) }
            case 2:
                // Corrupt a byte in the first 64 (framing and headers).
                let i = Int(rng.next() % UInt64(min(64, b.count))); b[i] = UInt8(truncatingIfNeeded: rng.next())
            default:
                let i = Int(rng.next() % UInt64(b.count)); b[i] = UInt8(truncatingIfNeeded: rng.next())
                b.removeLast(Int(rng.next() % UInt64(b.count / 2 + 1)))
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(b))
            do { _ = try PBFReader.read(path: path) } catch is GeoError { threw += 1 }
            iterations += 1
        }
        print("pbfFuzz: \(iterations) iterations, \(threw) threw")
        #expect(iterations >= 200)
        #expect(threw > 0)
    }

    /// The same for OSM XML: seeded mutations of a real Shanghai prefix only ever throw.
    @Test(.timeLimit(.minutes(1))) func xmlFuzz() throws {
        let reader = try CompressedFileReader(path: TestData.shanghaiPath)
        var head = [UInt8]()
        while head.count < 60_000, try reader.read(into: &head, max: 1 << 16) > 0 {}
        // Cut after the last complete node element and close the document.
        let text = String(decoding: head.prefix(60_000), as: UTF8.self)
        let cut = try #require(text.range(of: "</node>", options: .backwards))
        let base = Array((String(text[..<cut.upperBound]) + "\n<way id=\"1\"><nd ref=\"62540346\"/><nd ref=\"62540347\"/><tag k=\"highway\" v=\"primary\"/></way>\n</osm>\n").utf8)
        _ = try RoadNetwork.loadGraph(path: TestData.write(base, name: "base.osm"))
        let path = TestData.tempDir().appendingPathComponent("fuzz.osm").path
        var rng = SplitMix64(seed: 99)
        let deadline = Date().addingTimeInterval(6)
        var iterations = 0
        while iterations < 2000 && Date() < deadline {
            var b = base
            switch rng.next() % 3 {
            case 0: b.removeLast(Int(rng.next() % UInt64(b.count)))
            case 1: for _ in 0..<(1 + rng.next() % 16) { let i = Int(rng.next() % UInt64(b.count)); b[i] = UInt8(truncatingIfNeeded: rng.next()) }
            default:
                let i = Int(rng.next() % UInt64(b.count))
                b.insert(contentsOf: [60, 33, 45, 45], at: i) // a stray "<!--"
            }
            _ = FileManager.default.createFile(atPath: path, contents: Data(b))
            do { _ = try RoadNetwork.loadGraph(path: path) } catch is GeoError {}
            iterations += 1
        }
        #expect(iterations >= 100)
    }

    // MARK: XML

    let goodXML = """
    <?xml version="1.0" encoding="UTF-8"?><osm version="0.6">
      <node id="1" lat="31.2300000" lon="121.4700000"/>
      <node id="2" lat="31.2310000" lon="121.4700000"/>
      <node id="3" lat="31.2310000" lon="121.4710000"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="highway" v="residential"/></way>
    </osm>
    """

    @Test func xmlGoodParses() throws {
        let p = TestData.write(goodXML, name: "good.osm")
        let g = try RoadNetwork.loadGraph(path: p)
        #expect(g.nodeCount == 3 && g.edgeCount == 6)
        let gz = TestData.write(try TestData.gzip(goodXML), name: "good.osm.gz")
        #expect(try RoadNetwork.loadGraph(path: gz).nodeCount == 3)
    }

    @Test func xmlTruncated() {
        for cut in [40, goodXML.utf8.count / 2, goodXML.utf8.count - 3] {
            let p = TestData.write(String(goodXML.utf8.prefix(cut))!, name: "cut.osm")
            expectError(.truncated) { _ = try OSMXMLReader.read(path: p) }
        }
    }

    @Test func xmlTruncatedGzip() throws {
        let gz = try TestData.gzip(goodXML)
        let p = TestData.write(Array(gz.prefix(gz.count - 12)), name: "cut.osm.gz")
        expectError { _ = try OSMXMLReader.read(path: p) }
    }

    @Test func xmlTruncatedXz() throws {
        let xz = Array(FileManager.default.contents(atPath: TestData.shanghaiPath)!)
        for cut in [5, 100, xz.count / 3] {
            let p = TestData.write(Array(xz.prefix(cut)), name: "cut.osm.xz")
            expectError { _ = try OSMXMLReader.read(path: p) }
        }
    }

    @Test func xmlBadCoordinate() {
        let bad = goodXML.replacingOccurrences(of: "lat=\"31.2310000\" lon=\"121.4710000\"", with: "lat=\"131.2310000\" lon=\"121.4710000\"")
        let p = TestData.write(bad, name: "badcoord.osm")
        expectError(.outOfRange) { _ = try OSMXMLReader.read(path: p) }
        let p2 = TestData.write(goodXML.replacingOccurrences(of: "lat=\"31.2300000\"", with: "lat=\"abc\""), name: "nan.osm")
        expectError(.corrupt) { _ = try OSMXMLReader.read(path: p2) }
    }

    @Test func xmlMissingNodeRef() {
        let bad = goodXML.replacingOccurrences(of: "<nd ref=\"3\"/>", with: "<nd ref=\"99\"/>")
        let p = TestData.write(bad, name: "missing.osm")
        expectError(.missingReference) { _ = try RoadNetwork.loadGraph(path: p) }
        do { _ = try RoadNetwork.loadGraph(path: p); Issue.record("expected error") }
        catch let e as GeoError { #expect(e.line == 5, "\(e)") } catch { Issue.record("\(error)") }
    }

    @Test func xmlEmptyAndGarbage() {
        expectError(.empty) { _ = try OSMXMLReader.read(path: TestData.write("", name: "empty.osm")) }
        expectError(.corrupt) { _ = try OSMXMLReader.read(path: TestData.write("hello <world>", name: "garbage.osm")) }
        let noRoads = TestData.write("<osm><node id=\"1\" lat=\"1\" lon=\"1\"/></osm>", name: "noroads.osm")
        expectError(.empty) { _ = try RoadNetwork.loadGraph(path: noRoads) }
    }

    // MARK: DIMACS

    let goodGR = "c test\np sp 3 4\na 1 2 10\na 2 3 10\na 3 1 10\na 2 1 5\n"

    @Test func dimacsGood() throws {
        let g = try DIMACSReader.load(gr: TestData.write(goodGR, name: "t.gr"))
        #expect(g.nodeCount == 3 && g.edgeCount == 4)
        #expect(Dijkstra.time(in: g, from: 0, to: 2) == 20)
        let gz = TestData.write(try TestData.gzip(goodGR), name: "t.gr.gz")
        #expect(try DIMACSReader.load(gr: gz).edgeCount == 4)
    }

    @Test func dimacsBadWeights() {
        expectError(.invalidValue) { _ = try DIMACSReader.load(gr: TestData.write(goodGR.replacingOccurrences(of: "a 2 3 10", with: "a 2 3 -4"), name: "neg.gr")) }
        expectError(.invalidValue) { _ = try DIMACSReader.load(gr: TestData.write(goodGR.replacingOccurrences(of: "a 2 3 10", with: "a 2 3 99999999999"), name: "big.gr")) }
        do { _ = try DIMACSReader.load(gr: TestData.write(goodGR.replacingOccurrences(of: "a 2 3 10", with: "a 2 3 -4"), name: "neg.gr")) }
        catch let e as GeoError { #expect(e.line == 4) } catch { Issue.record("\(error)") }
    }

    @Test func dimacsBadStructure() throws {
        expectError(.missingReference) { _ = try DIMACSReader.load(gr: TestData.write(goodGR.replacingOccurrences(of: "a 2 3 10", with: "a 2 7 10"), name: "ref.gr")) }
        expectError(.truncated) { _ = try DIMACSReader.load(gr: TestData.write("p sp 3 4\na 1 2 10\n", name: "short.gr")) }
        expectError(.empty) { _ = try DIMACSReader.load(gr: TestData.write("", name: "empty.gr")) }
        expectError(.corrupt) { _ = try DIMACSReader.load(gr: TestData.write("p sp 3 4\nx 1 2\n", name: "junk.gr")) }
        expectError(.corrupt) { _ = try DIMACSReader.load(gr: TestData.write("p sp 3 4\na 1 2\n", name: "arc.gr")) }
        expectError(.invalidValue) { _ = try DIMACSReader.load(gr: TestData.write("p sp 3000000000 4\na 1 2 3\n", name: "huge.gr")) }
        let gz = try TestData.gzip(goodGR)
        expectError { _ = try DIMACSReader.load(gr: TestData.write(Array(gz.prefix(gz.count - 10)), name: "cut.gr.gz")) }
        let co = TestData.write("p aux sp co 3\nv 1 121000000 31000000\nv 2 121000000 95000000\nv 3 1 1\n", name: "bad.co")
        expectError(.outOfRange) { _ = try DIMACSReader.load(gr: TestData.write(goodGR, name: "ok.gr"), co: co) }
    }

    /// The `.co` file is read beside the arcs, sized by its own problem line; without one, or
    /// with one that disagrees with the `.gr` file, it is read again after them: the same
    /// coordinates, or the error reading it afterwards gives.
    @Test func dimacsCoordinatesReadBesideTheArcs() throws {
        let gr = TestData.write(goodGR, name: "co.gr")
        let lines = "v 1 121000000 31000000\nv 2 121500000 31500000\nv 3 122000000 32000000\n"
        for (name, text) in [("declared.co", "c x\np aux sp co 3\n" + lines), ("undeclared.co", lines), ("miscounted.co", "p aux sp co 7\n" + lines)] {
            let g = try DIMACSReader.load(gr: gr, co: TestData.write(text, name: name))
            #expect(g.hasCoordinates, "\(name)")
            #expect(g.nodeCount == 3 && (0..<3).sorted { g.sourceId($0) < g.sourceId($1) }.map { g.coordinates[$0].lat } == [31, 31.5, 32], "\(name)")
        }
        // Declared for 2, given for 3: node 3 is outside the graph only if the .gr says so; here it has 3 nodes.
        #expect(try DIMACSReader.load(gr: gr, co: TestData.write("p aux sp co 2\n" + lines, name: "under.co")).hasCoordinates)
        // Too few is a fact about the whole file: no line to point at.
        let few = #expect(throws: GeoError.self) { try DIMACSReader.load(gr: gr, co: TestData.write("p aux sp co 3\nv 1 121000000 31000000\n", name: "few.co")) }
        #expect(few?.kind == .missingReference)
        expectError(.missingReference) { _ = try DIMACSReader.load(gr: gr, co: TestData.write("p aux sp co 3\n" + lines + "v 4 121 31\n", name: "extra.co")) }
        // An error in the arcs is the one reported, whatever the coordinates.
        expectError(.truncated) { _ = try DIMACSReader.load(gr: TestData.write("p sp 3 4\na 1 2 10\n", name: "short2.gr"),
                                                            co: TestData.write("junk\n", name: "junk.co")) }
    }

    @Test func nyGraphLoadsWhenPresent() throws {
        guard let p = TestData.nyGraphPath else {
            print("notice: ../shared/data/roads not found; NY DIMACS check skipped")
            return
        }
        let g = try DIMACSReader.load(gr: p, co: DIMACSReader.coordinateFile(for: p))
        #expect(g.nodeCount == 264_346)
        #expect(g.hasCoordinates)
    }

    // MARK: Cache

    @Test func cacheRoundTripAndInvalidation() throws {
        let dir = TestData.tempDir()
        let src = dir.appendingPathComponent("helsinki.osm.pbf").path
        try FileManager.default.copyItem(atPath: TestData.helsinkiPath, toPath: src)
        let first = try RoadNetwork.load(path: src)
        #expect(!first.loadInfo.fromCache)
        let second = try RoadNetwork.load(path: src)
        #expect(second.loadInfo.fromCache)
        #expect(second.graph == first.graph && second.hierarchy == first.hierarchy)
        // The street names come back from the cache as built (PBF reader: named roads kept).
        #expect(first.streets.names.count > 100 && second.streets == first.streets)
        // Corrupt one byte in the middle: checksum catches it, rebuilt.
        let cache = GraphCache.path(for: src)
        var bytes = Array(FileManager.default.contents(atPath: cache)!)
        bytes[bytes.count / 2] ^= 0xff
        _ = FileManager.default.createFile(atPath: cache, contents: Data(bytes))
        do { _ = try GraphCache.read(for: src); Issue.record("corrupt cache accepted") }
        catch let e as GeoError { #expect(e.kind == .cacheInvalid) }
        let third = try RoadNetwork.load(path: src)
        #expect(!third.loadInfo.fromCache && third.graph == first.graph)
        // Stale: source mtime changes.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: src)
        do { _ = try GraphCache.read(for: src); Issue.record("stale cache accepted") }
        catch let e as GeoError { #expect(e.kind == .cacheInvalid) }
        #expect(try !RoadNetwork.load(path: src).loadInfo.fromCache)
        // Truncated cache.
        _ = FileManager.default.createFile(atPath: cache, contents: Data(bytes.prefix(100)))
        #expect(try !RoadNetwork.load(path: src).loadInfo.fromCache)
    }
}

@Suite("Road tags")
struct RoadTagTests {
    func road(_ pairs: [String: String]) -> RoadTags.Road? {
        var t = WayTags()
        for (k, v) in pairs { t.set(k, v) }
        return RoadTags.classify(t)
    }

    @Test func classification() {
        #expect(road(["highway": "residential"])?.oneway == 0)
        #expect(road(["highway": "primary", "oneway": "yes"])?.oneway == 1)
        #expect(road(["highway": "primary", "oneway": "-1"])?.oneway == -1)
        #expect(road(["highway": "secondary", "junction": "roundabout"])?.oneway == 1)
        #expect(road(["highway": "motorway"])?.oneway == 1)
        #expect(road(["highway": "footway"]) == nil)
        #expect(road(["highway": "residential", "access": "private"]) == nil)
        #expect(road(["highway": "residential", "access": "no"]) == nil)
        #expect(road(["highway": "residential", "motor_vehicle": "no"]) == nil)
        #expect(road(["highway": "residential", "access": "no", "motor_vehicle": "yes"]) != nil)
        #expect(road(["highway": "residential", "maxspeed": "50"])?.speedKmh == 50)
        #expect(abs((road(["highway": "residential", "maxspeed": "30 mph"])?.speedKmh ?? 0) - 48.28) < 0.01)
        #expect(road(["highway": "residential", "maxspeed": "RU:urban"])?.speedKmh == 30)
    }

    @Test func onewayInRealExtractHasTag() throws {
        // A way tagged oneway=yes in the Shanghai XML is one-way in the graph.
        let net = TestData.shanghai
        let g = net.graph
        var onewayEdges = 0
        for u in 0..<g.nodeCount { for e in g.edges(from: u) where g.edge(from: Int(g.targets[e]), to: u) == nil { onewayEdges += 1 } }
        #expect(onewayEdges > 1000, "Shanghai centre is full of one-way streets")
    }
}

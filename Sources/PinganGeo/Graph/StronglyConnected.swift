/// Tarjan's strongly connected components, iterative so continent-sized graphs cannot overflow
/// the stack. Used to keep only the part of a road network where every node reaches every other.
enum StronglyConnected {
    struct Result { var componentOf: [Int32]; var count: Int }

    static func components(nodeCount n: Int, offsets: [Int32], targets: [Int32]) -> Result {
        var index = [Int32](repeating: -1, count: n)
        var low = [Int32](repeating: 0, count: n)
        var onStack = [Bool](repeating: false, count: n)
        var comp = [Int32](repeating: -1, count: n)
        var stack = [Int32]()
        var callNode = [Int32](), callEdge = [Int32]()
        var next: Int32 = 0
        var compCount: Int32 = 0
        for root in 0..<n where index[root] < 0 {
            callNode.append(Int32(root)); callEdge.append(offsets[root])
            index[root] = next; low[root] = next; next += 1
            stack.append(Int32(root)); onStack[root] = true
            while let v32 = callNode.last {
                let v = Int(v32)
                let ei = Int(callEdge[callEdge.count - 1])
                if ei < Int(offsets[v + 1]) {
                    callEdge[callEdge.count - 1] += 1
                    let w = Int(targets[ei])
                    if index[w] < 0 {
                        index[w] = next; low[w] = next; next += 1
                        stack.append(Int32(w)); onStack[w] = true
                        callNode.append(Int32(w)); callEdge.append(offsets[w])
                    } else if onStack[w] {
                        low[v] = min(low[v], index[w])
                    }
                } else {
                    callNode.removeLast(); callEdge.removeLast()
                    if let p = callNode.last { low[Int(p)] = min(low[Int(p)], low[v]) }
                    if low[v] == index[v] {
                        while true {
                            let w = Int(stack.removeLast())
                            onStack[w] = false
                            comp[w] = compCount
                            if w == v { break }
                        }
                        compCount += 1
                    }
                }
            }
        }
        return Result(componentOf: comp, count: Int(compCount))
    }
}

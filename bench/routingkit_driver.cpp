// The RoutingKit anchor for bench/routing.py: builds RoutingKit's contraction hierarchy on the
// graph Pingan dumped and answers the same queries, timed one by one.
//
// RoutingKit itself is not part of Pingan: routing.py --routingkit DIR builds a checkout of it
// with its own Makefile and compiles this file against DIR/include and DIR/lib/libroutingkit.a.
//
// Input (argv[1]): little-endian uint32 words
//   n, m, tail[m], head[m], weight[m], pairs, source[pairs], target[pairs],
//   units, unit[units], incidents, incident[incidents], k
// in Pingan's node index space. Output (stdout): one JSON object with the timings and the
// answers (pair distances, each pair's path length in nodes, each incident's k best unit times)
// so routing.py can check them against Pingan's.
#include <routingkit/contraction_hierarchy.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

using namespace RoutingKit;
using Clock = std::chrono::steady_clock;

static std::vector<unsigned> words;
static size_t at = 0;

static unsigned next_word() {
    if (at >= words.size()) { std::cerr << "routingkit_driver: input ends early\n"; std::exit(2); }
    return words[at++];
}

static std::vector<unsigned> next_array(unsigned count) {
    std::vector<unsigned> v(count);
    for (unsigned i = 0; i < count; ++i) v[i] = next_word();
    return v;
}

static double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

static double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[(v.size() - 1) / 2];
}

static double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, size_t((v.size() - 1) * q + 0.5))];
}

template <class T>
static void print_array(const char* name, const std::vector<T>& v) {
    std::printf("\"%s\":[", name);
    for (size_t i = 0; i < v.size(); ++i) std::printf(i ? ",%lld" : "%lld", (long long)v[i]);
    std::printf("]");
}

int main(int argc, char** argv) {
    if (argc != 2) { std::cerr << "usage: routingkit_driver INPUT\n"; return 2; }
    std::ifstream in(argv[1], std::ios::binary);
    if (!in) { std::cerr << "routingkit_driver: cannot open " << argv[1] << "\n"; return 2; }
    in.seekg(0, std::ios::end);
    words.resize(size_t(in.tellg()) / 4);
    in.seekg(0);
    in.read(reinterpret_cast<char*>(words.data()), words.size() * 4);

    unsigned n = next_word(), m = next_word();
    auto tail = next_array(m), head = next_array(m), weight = next_array(m);
    unsigned pair_count = next_word();
    auto pair_source = next_array(pair_count), pair_target = next_array(pair_count);
    unsigned unit_count = next_word();
    auto units = next_array(unit_count);
    unsigned incident_count = next_word();
    auto incidents = next_array(incident_count);
    unsigned k = next_word();

    auto t0 = Clock::now();
    auto ch = ContractionHierarchy::build(n, tail, head, weight);
    double preprocess_s = seconds_since(t0);

    // The hierarchy's quality: arcs kept, and how many nodes the upward graph reaches from each
    // pair's source (the space a one-to-one search explores before pruning).
    unsigned long long space = 0;
    {
        std::vector<unsigned> seen(n, ~0u), stack;
        for (unsigned i = 0; i < pair_count; ++i) {
            stack.assign(1, ch.rank[pair_source[i]]);
            seen[stack[0]] = i;
            while (!stack.empty()) {
                unsigned x = stack.back();
                stack.pop_back();
                ++space;
                for (unsigned a = ch.forward.first_out[x]; a < ch.forward.first_out[x + 1]; ++a) {
                    unsigned y = ch.forward.head[a];
                    if (seen[y] != i) { seen[y] = i; stack.push_back(y); }
                }
            }
        }
    }

    ContractionHierarchyQuery q(ch);
    std::vector<double> o2o, o2o_path;
    std::vector<long long> distances, path_nodes;
    for (unsigned i = 0; i < pair_count; ++i) {
        auto t = Clock::now();
        q.reset().add_source(pair_source[i]).add_target(pair_target[i]).run();
        unsigned d = q.get_distance();
        o2o.push_back(seconds_since(t) * 1e6);
        distances.push_back(d == inf_weight ? -1 : (long long)d);
        t = Clock::now();
        q.reset().add_source(pair_source[i]).add_target(pair_target[i]).run();
        auto path = q.get_node_path();
        o2o_path.push_back(seconds_since(t) * 1e6);
        path_nodes.push_back((long long)path.size());
    }

    // Many-to-one: the units pinned once as sources, then one backward search per incident.
    ContractionHierarchyQuery pinned(ch);
    t0 = Clock::now();
    pinned.reset().pin_sources(units);
    double pin_ms = seconds_since(t0) * 1e3;
    std::vector<double> m2o;
    std::vector<long long> top_k;
    std::vector<unsigned> dist(unit_count);
    for (unsigned i = 0; i < incident_count; ++i) {
        auto t = Clock::now();
        pinned.reset_target().add_target(incidents[i]).run_to_pinned_sources().get_distances_to_sources(dist.data());
        std::vector<unsigned> best(dist);
        std::partial_sort(best.begin(), best.begin() + std::min<size_t>(k, best.size()), best.end());
        m2o.push_back(seconds_since(t) * 1e3);
        for (unsigned j = 0; j < k && j < best.size(); ++j) top_k.push_back(best[j] == inf_weight ? -1 : (long long)best[j]);
    }

    std::printf("{\"ch_arcs\":%zu,\"upward_space_mean\":%.6g,", ch.forward.head.size() + ch.backward.head.size(),
                pair_count ? double(space) / pair_count : 0.0);
    std::printf("\"preprocess_s\":%.6g,\"one_to_one_median_us\":%.6g,\"one_to_one_p99_us\":%.6g,"
                "\"one_to_one_path_median_us\":%.6g,\"pin_units_ms\":%.6g,\"many_to_one_median_ms\":%.6g,"
                "\"many_to_one_p99_ms\":%.6g,",
                preprocess_s, median(o2o), percentile(o2o, 0.99), median(o2o_path), pin_ms, median(m2o), percentile(m2o, 0.99));
    print_array("distances", distances);
    std::printf(",");
    print_array("path_nodes", path_nodes);
    std::printf(",");
    print_array("top_k", top_k);
    std::printf("}\n");
    return 0;
}

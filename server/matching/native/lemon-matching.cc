// Maximum-weight matching of a general graph by LEMON's MaxWeightedMatching (Edmonds'
// blossom algorithm, O(nm log n)), handed to Node with its optimal duals so that the
// caller can certify the matching against edges it did not pass in.
//
//   maxWeightedMatching(n, a: Int32Array, b: Int32Array, w: Float64Array) →
//     { mate: Int32Array,            mate[v] or -1
//       nodeDual: Float64Array,      y_v, scaled by dualScale
//       blossomDual: Float64Array,   z_B, scaled by dualScale
//       blossomStart/blossomEnd: Int32Array, B's nodes are blossomNodes[start, end)
//       blossomNodes: Int32Array,
//       dualScale: number }
//
// Weights must be positive integers below 2^50, so that dualScale times a sum of them
// stays exact in both int64 and a double.
#include <lemon/matching.h>
#include <lemon/smart_graph.h>
#include <napi.h>

#include <cmath>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

namespace {

using Graph = lemon::SmartGraph;
using Weight = long long;
using WeightMap = Graph::EdgeMap<Weight>;
using Matching = lemon::MaxWeightedMatching<Graph, WeightMap>;

constexpr double MAX_WEIGHT = 1125899906842624.0;  // 2^50

constexpr double MAX_VERTICES = 1e7;

Napi::Value Fail(Napi::Env env, const char* message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value OutOfRange(Napi::Env env, const char* message) {
  Napi::RangeError::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value Solve(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 4 || !info[0].IsNumber() || !info[1].IsTypedArray() || !info[2].IsTypedArray() || !info[3].IsTypedArray()) {
    return Fail(env, "expected (n, a: Int32Array, b: Int32Array, w: Float64Array)");
  }
  const double nValue = info[0].As<Napi::Number>().DoubleValue();
  if (!(nValue >= 0 && nValue <= MAX_VERTICES && std::floor(nValue) == nValue)) return OutOfRange(env, "n must be a whole number of vertices, at most 10 million");
  const int n = static_cast<int>(nValue);
  if (info[1].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      info[2].As<Napi::TypedArray>().TypedArrayType() != napi_int32_array ||
      info[3].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    return Fail(env, "a and b must be Int32Arrays and w a Float64Array");
  }
  auto a = info[1].As<Napi::Int32Array>();
  auto b = info[2].As<Napi::Int32Array>();
  auto w = info[3].As<Napi::Float64Array>();
  const size_t m = a.ElementLength();
  if (b.ElementLength() != m || w.ElementLength() != m) return Fail(env, "a, b and w must have one entry per edge");

  Graph graph;
  graph.reserveNode(n);
  graph.reserveEdge(static_cast<int>(m));
  std::vector<Graph::Node> nodes(n);
  for (int v = 0; v < n; v++) nodes[v] = graph.addNode();
  WeightMap weight(graph);
  for (size_t k = 0; k < m; k++) {
    const int u = a[k], v = b[k];
    const double wk = w[k];
    if (u < 0 || u >= n || v < 0 || v >= n || u == v) return OutOfRange(env, "every edge must join two different vertices below n");
    if (!(wk > 0 && wk < MAX_WEIGHT && std::floor(wk) == wk)) return OutOfRange(env, "every weight must be a positive integer below 2^50");
    weight.set(graph.addEdge(nodes[u], nodes[v]), static_cast<Weight>(wk));
  }

  Matching matching(graph, weight);
  matching.run();

  auto mate = Napi::Int32Array::New(env, n);
  auto nodeDual = Napi::Float64Array::New(env, n);
  for (int v = 0; v < n; v++) {
    const Graph::Node partner = matching.mate(nodes[v]);
    mate[v] = partner == lemon::INVALID ? -1 : graph.id(partner);
    nodeDual[v] = static_cast<double>(matching.nodeValue(nodes[v]));
  }
  const int blossoms = matching.blossomNum();
  auto blossomDual = Napi::Float64Array::New(env, blossoms);
  auto blossomStart = Napi::Int32Array::New(env, blossoms);
  auto blossomEnd = Napi::Int32Array::New(env, blossoms);
  std::vector<int32_t> members;
  for (int k = 0; k < blossoms; k++) {
    blossomDual[k] = static_cast<double>(matching.blossomValue(k));
    blossomStart[k] = static_cast<int32_t>(members.size());
    for (Matching::BlossomIt it(matching, k); it != lemon::INVALID; ++it) members.push_back(graph.id(static_cast<Graph::Node>(it)));
    blossomEnd[k] = static_cast<int32_t>(members.size());
  }
  auto blossomNodes = Napi::Int32Array::New(env, members.size());
  for (size_t i = 0; i < members.size(); i++) blossomNodes[i] = members[i];

  Napi::Object result = Napi::Object::New(env);
  result.Set("mate", mate);
  result.Set("nodeDual", nodeDual);
  result.Set("blossomDual", blossomDual);
  result.Set("blossomStart", blossomStart);
  result.Set("blossomEnd", blossomEnd);
  result.Set("blossomNodes", blossomNodes);
  result.Set("dualScale", Napi::Number::New(env, Matching::dualScale));
  return result;
}

// No C++ exception may cross into Node (it would abort the process): an allocation that
// fails, in LEMON or here, becomes a JavaScript error.
Napi::Value MaxWeightedMatching(const Napi::CallbackInfo& info) {
  try {
    return Solve(info);
  } catch (const std::exception& err) {
    Napi::Error::New(info.Env(), std::string("the matching failed: ") + err.what()).ThrowAsJavaScriptException();
  } catch (...) {
    Napi::Error::New(info.Env(), "the matching failed").ThrowAsJavaScriptException();
  }
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("maxWeightedMatching", Napi::Function::New(env, MaxWeightedMatching, "maxWeightedMatching"));
  return exports;
}

}  // namespace

NODE_API_MODULE(lemon_matching, Init)

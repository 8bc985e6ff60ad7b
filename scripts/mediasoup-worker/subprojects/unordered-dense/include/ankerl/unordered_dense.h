// ankerl::unordered_dense names over the standard library (see ../../meson.build).
//
// The worker uses map, set and hash, as drop-in replacements for std::unordered_map,
// std::unordered_set and std::hash; these aliases are exactly that. Hashers the worker
// writes for its own keys declare `is_avalanching` for unordered_dense's benefit; the
// standard containers ignore it. What is lost is unordered_dense's speed, not behaviour:
// neither gives stable iteration order, and the worker relies on none.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace ankerl::unordered_dense
{
	template<typename Key>
	struct hash : std::hash<Key>
	{
	};

	template<
	  typename Key,
	  typename T,
	  typename Hash      = hash<Key>,
	  typename KeyEqual  = std::equal_to<Key>,
	  typename Allocator = std::allocator<std::pair<const Key, T>>>
	using map = std::unordered_map<Key, T, Hash, KeyEqual, Allocator>;

	template<
	  typename Key,
	  typename Hash      = hash<Key>,
	  typename KeyEqual  = std::equal_to<Key>,
	  typename Allocator = std::allocator<Key>>
	using set = std::unordered_set<Key, Hash, KeyEqual, Allocator>;
} // namespace ankerl::unordered_dense

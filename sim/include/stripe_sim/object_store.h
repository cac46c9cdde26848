// One kind of Stripe object kept in memory, indexed by id and by
// (created, insertion order) so lists come out newest first with a
// deterministic tie-break (later insert first) without sorting per request.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "stripe_sim/params.h"

namespace stripe_sim {

class ObjectStore {
 public:
  using Key = std::pair<std::int64_t, std::uint64_t>;  // (created, sequence)

  // Stores `object` (must have "id" and "created"); returns a reference to the stored copy.
  nlohmann::json& insert(nlohmann::json object);
  nlohmann::json* find(const std::string& id);
  const nlohmann::json* find(const std::string& id) const;
  std::size_t size() const { return objects_.size(); }
  const std::map<Key, std::string>& by_created() const { return by_created_; }
  std::optional<Key> key_of(const std::string& id) const;

 private:
  std::unordered_map<std::string, nlohmann::json> objects_;
  std::unordered_map<std::string, Key> keys_;
  std::map<Key, std::string> by_created_;
  std::uint64_t next_sequence_ = 0;
};

// limit, starting_after, ending_before, created of a list request.
struct ListQuery {
  std::int64_t limit = 10;
  std::optional<std::string> starting_after;
  std::optional<std::string> ending_before;
  CreatedRange created;
};

// The ParamSpecs every list accepts (limit, starting_after, ending_before, created, expand).
ParamSpecs list_param_specs(ParamSpecs extra);

// Reads and checks the list parameters: limit 1..100, not both cursors.
ListQuery parse_list_query(const Params& params);

// One page of `store`, newest first, as Stripe's list object. `keep` filters;
// `present` renders each kept object (expansions, live status). A cursor
// that is not in the store -> 404 resource_missing naming the cursor param.
nlohmann::json list_page(const ObjectStore& store, const ListQuery& query, const std::string& url,
                         const std::string& kind,
                         const std::function<bool(const nlohmann::json&)>& keep,
                         const std::function<nlohmann::json(const nlohmann::json&)>& present);

}  // namespace stripe_sim

#include "stripe_sim/object_store.h"

#include <algorithm>
#include <vector>

#include "stripe_sim/stripe_error.h"

namespace stripe_sim {

nlohmann::json& ObjectStore::insert(nlohmann::json object) {
  const std::string id = object.at("id").get<std::string>();
  const Key key{object.at("created").get<std::int64_t>(), next_sequence_++};
  keys_[id] = key;
  by_created_[key] = id;
  auto& stored = objects_[id];
  stored = std::move(object);
  return stored;
}

nlohmann::json* ObjectStore::find(const std::string& id) {
  auto it = objects_.find(id);
  return it == objects_.end() ? nullptr : &it->second;
}

const nlohmann::json* ObjectStore::find(const std::string& id) const {
  auto it = objects_.find(id);
  return it == objects_.end() ? nullptr : &it->second;
}

std::optional<ObjectStore::Key> ObjectStore::key_of(const std::string& id) const {
  auto it = keys_.find(id);
  if (it == keys_.end()) return std::nullopt;
  return it->second;
}

ParamSpecs list_param_specs(ParamSpecs extra) {
  extra.push_back({"limit"});
  extra.push_back({"starting_after"});
  extra.push_back({"ending_before"});
  extra.push_back({"created", ParamKind::range});
  extra.push_back({"expand", ParamKind::array});
  return extra;
}

ListQuery parse_list_query(const Params& params) {
  ListQuery query;
  query.limit = params.integer("limit", 1, 100).value_or(10);
  query.starting_after = params.text("starting_after");
  query.ending_before = params.text("ending_before");
  if (query.starting_after && query.ending_before) {
    throw invalid_request("You may only specify one of these parameters: ending_before, starting_after.",
                          "ending_before", "parameters_exclusive");
  }
  if (params.has("created")) query.created = params.range("created");
  return query;
}

nlohmann::json list_page(const ObjectStore& store, const ListQuery& query, const std::string& url,
                         const std::string& kind,
                         const std::function<bool(const nlohmann::json&)>& keep,
                         const std::function<nlohmann::json(const nlohmann::json&)>& present) {
  const auto& index = store.by_created();
  auto matches = [&](const std::string& id) {
    const auto& object = *store.find(id);
    return query.created.contains(object.at("created").get<std::int64_t>()) && keep(object);
  };
  const auto limit = static_cast<std::size_t>(query.limit);
  std::vector<const std::string*> page;
  bool has_more = false;

  if (query.ending_before) {
    // Objects newer than the cursor, the `limit` closest to it, shown newest first.
    auto key = store.key_of(*query.ending_before);
    if (!key) throw resource_missing(kind, *query.ending_before, "ending_before");
    for (auto it = index.upper_bound(*key); it != index.end(); ++it) {
      if (!matches(it->second)) continue;
      if (page.size() == limit) { has_more = true; break; }
      page.push_back(&it->second);
    }
    std::reverse(page.begin(), page.end());
  } else {
    auto it = index.rbegin();
    if (query.starting_after) {
      auto key = store.key_of(*query.starting_after);
      if (!key) throw resource_missing(kind, *query.starting_after, "starting_after");
      it = std::make_reverse_iterator(index.lower_bound(*key));
    }
    for (; it != index.rend(); ++it) {
      if (!matches(it->second)) continue;
      if (page.size() == limit) { has_more = true; break; }
      page.push_back(&it->second);
    }
  }

  nlohmann::json data = nlohmann::json::array();
  for (const auto* id : page) data.push_back(present(*store.find(*id)));
  return {{"object", "list"}, {"data", std::move(data)}, {"has_more", has_more}, {"url", url}};
}

}  // namespace stripe_sim

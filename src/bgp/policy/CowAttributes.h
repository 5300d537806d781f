// CowAttributes: path attributes under policy, copied on the first write only. Routes that no
// action changes keep pointing at the caller's attributes, so the caller can keep its interned
// handle (RIB AttributeStore) instead of interning an identical copy.
#pragma once

#include <optional>

#include "bgp/wire/PathAttributes.h"

namespace anycast::bgp::policy {

class CowAttributes {
 public:
  // `original` must outlive this object (it is the caller's attribute set).
  explicit CowAttributes(const PathAttributes& original) : original_(&original) {}

  const PathAttributes& get() const { return copy_ ? *copy_ : *original_; }
  // The writable copy, made on the first call.
  PathAttributes& mutate() {
    if (!copy_) copy_ = *original_;
    return *copy_;
  }
  bool modified() const { return copy_.has_value(); }

 private:
  const PathAttributes* original_;
  std::optional<PathAttributes> copy_;
};

}  // namespace anycast::bgp::policy

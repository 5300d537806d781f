// ZoneLoader: RFC 1035 §5 master files through libzscanner (libknot-dev), $INCLUDE handled
// here (nested at most kMaxIncludeDepth deep), records into ZoneBuilder.
#include "dns/zone/ZoneLoader.h"

#include <memory>

extern "C" {
#include <libzscanner/error.h>
#include <libzscanner/scanner.h>
}

#include "dns/wire/Constants.h"
#include "dns/zone/ZoneBuilder.h"

namespace anycast::dns {
namespace {

constexpr int kMaxIncludeDepth = 8;

// zs_scanner_t is ~200 KiB: on the heap, and always deinitialised.
class Scanner {
 public:
  Scanner() : s_(std::make_unique<zs_scanner_t>()) {}
  ~Scanner() { zs_deinit(s_.get()); }
  Scanner(const Scanner&) = delete;
  zs_scanner_t* operator->() { return s_.get(); }
  zs_scanner_t* get() { return s_.get(); }

 private:
  std::unique_ptr<zs_scanner_t> s_;
};

Unexpected<Error> scanError(std::string_view source, uint64_t line, const std::string& what) {
  return failWith(std::string(source) + ":" + std::to_string(line) + ": " + what);
}

Result<Ok> scan(Scanner& s, std::string_view source, ZoneBuilder& builder, int depth,
                bool allowInclude);

Result<Ok> include(Scanner& parent, std::string_view source, ZoneBuilder& builder, int depth) {
  const uint64_t line = parent->line_counter;
  if (depth >= kMaxIncludeDepth) return scanError(source, line, "$INCLUDE nested too deep");
  // libzscanner leaves the included file's origin, as text, in `buffer`.
  Scanner s;
  const std::string file = parent->include_filename;
  if (zs_init(s.get(), reinterpret_cast<const char*>(parent->buffer), kClassIn,
              parent->default_ttl) != 0 ||
      zs_set_input_file(s.get(), file.c_str()) != 0) {
    return scanError(source, line, "$INCLUDE " + file + ": " + zs_strerror(s->error.code));
  }
  return scan(s, file, builder, depth + 1, true);
}

Result<Ok> scan(Scanner& s, std::string_view source, ZoneBuilder& builder, int depth,
                bool allowInclude) {
  for (;;) {
    zs_parse_record(s.get());
    switch (s->state) {
      case ZS_STATE_DATA: {
        auto added =
            builder.add({s->r_owner, s->r_owner_length}, s->r_type, s->r_class, s->r_ttl,
                        {s->r_data, s->r_data_length}, SourcePosition{source, s->line_counter});
        if (!added.ok()) return fail(added.error());
        break;
      }
      case ZS_STATE_INCLUDE: {
        if (!allowInclude) return scanError(source, s->line_counter, "$INCLUDE not allowed here");
        auto included = include(s, source, builder, depth);
        if (!included.ok()) return included;
        break;
      }
      case ZS_STATE_ERROR:
        return scanError(source, s->line_counter, zs_strerror(s->error.code));
      default:  // ZS_STATE_EOF, ZS_STATE_STOP
        return Ok{};
    }
  }
}

Result<Zone> load(Scanner& s, std::string_view source, const Name& origin, bool allowInclude) {
  ZoneBuilder builder(origin, source);
  auto scanned = scan(s, source, builder, 0, allowInclude);
  if (!scanned.ok()) return fail(scanned.error());
  return builder.build();
}

}  // namespace

Result<Zone> loadZoneFile(const std::string& path, const Name& origin) {
  Scanner s;
  if (zs_init(s.get(), origin.text().c_str(), kClassIn, kDefaultZoneTtl) != 0 ||
      zs_set_input_file(s.get(), path.c_str()) != 0) {
    return failWith(path + ": " + zs_strerror(s->error.code));
  }
  return load(s, path, origin, true);
}

Result<Zone> loadZoneText(std::string_view text, const Name& origin, std::string_view source) {
  Scanner s;
  if (zs_init(s.get(), origin.text().c_str(), kClassIn, kDefaultZoneTtl) != 0 ||
      zs_set_input_string(s.get(), text.data(), text.size()) != 0) {
    return failWith(std::string(source) + ": " + zs_strerror(s->error.code));
  }
  return load(s, source, origin, false);
}

}  // namespace anycast::dns

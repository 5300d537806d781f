// Engine: every emulated link of the wire, and the schedule of frames to send. Pure — no I/O
// and no clock: frames come in through receive(), time as an argument, and due frames go out
// through a FrameSink — so tests drive it with fake time and fake ports.
//
// Scheduling: a min-heap of direction heads. A direction's frames are due in FIFO order, so
// only its head needs a place in the schedule: the heap holds one entry per non-empty
// direction (at most two per link, a few hundred in a lab), keyed by the head's exact due time
// (ns). Sending a frame costs O(1) plus one O(log n) heap step per direction per turn. A timer
// wheel would add a tick granularity (or many empty ticks for sub-ms delays) and gains nothing
// at this size.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "base/Result.h"
#include "lab/wire/Direction.h"
#include "lab/wire/FramePool.h"

namespace anycast::lab::wire {

// A due frame on its way out: to `port` (the number given to Engine::addLink: the TAP's fd),
// from direction `dir` of the link `linkId` in `slot`.
struct Departure {
  uint32_t slot;
  uint32_t linkId;
  uint8_t dir;
  int port;
  uint32_t frame;  // FramePool index
  uint32_t size;
};

// Where due frames go. The writes may complete later (io_uring): the sink owns the frame's
// buffer from send() on, releases it when written, and reports each outcome with
// Engine::written().
class FrameSink {
 public:
  virtual ~FrameSink() = default;
  virtual void send(const Departure& departure) = 0;
};

enum class Side : uint8_t { kA = 0, kB = 1 };

struct Link {
  Link(uint32_t i, std::string n, const LinkParams& params, int portA, int portB, uint64_t seed)
      : id(i),
        name(std::move(n)),
        ports{portA, portB},
        dirs{Direction(params, seed), Direction(params, seed ^ 0x5bd1e995)} {}
  uint32_t id;  // unique over the engine's life (a slot is reused; an id never)
  std::string name;
  std::array<int, 2> ports;                 // [kA], [kB]
  std::array<Direction, 2> dirs;            // [0]: a to b (frames received on A), [1]: b to a
  std::array<uint64_t, 2> heapToken{0, 0};  // the direction's live heap entry (0: none)

  Direction& from(Side side) { return dirs[static_cast<size_t>(side)]; }
};

class Engine {
 public:
  Engine(uint32_t poolFrames, uint64_t seed);

  // Errors: a duplicate name. Returns the link's slot (stable while the link exists).
  Result<uint32_t> addLink(const std::string& name, const LinkParams& params, int portA, int portB);
  // Drops the link's queued frames. Returns false if there is no such link.
  bool removeLink(const std::string& name);
  Link* find(const std::string& name);
  std::optional<uint32_t> slotOf(const std::string& name) const;
  Link* at(uint32_t slot) { return slot < slots_.size() ? slots_[slot].get() : nullptr; }
  std::vector<const Link*> links() const;  // in name order

  // Cut drops what is queued (counted) and everything arriving until restored.
  void setCut(Link& link, bool cut);

  FramePool& pool() { return pool_; }
  // A frame read from `from`'s TAP of the link in `slot`, in a pool buffer now owned here.
  void receive(uint32_t slot, Side from, uint32_t frame, uint32_t size, TimePoint now);
  // Hands every frame due at `now` to the sink (in due order per direction).
  void transmitDue(TimePoint now, FrameSink& sink);
  // The result of writing a departed frame: its size (counted as sent) or a negative errno
  // (counted as drop-error). Ignored if that link has been removed since.
  void written(uint32_t slot, uint32_t linkId, uint8_t dir, int64_t result);
  // When the earliest queued frame is due; nullopt when nothing is queued.
  std::optional<TimePoint> nextDue();

 private:
  struct HeapEntry {
    TimePoint due;
    uint64_t token;
    uint32_t slot;
    uint8_t dir;
    bool operator>(const HeapEntry& o) const { return due > o.due; }
  };
  void schedule(uint32_t slot, uint8_t dir);
  bool live(const HeapEntry& e);

  FramePool pool_;
  uint64_t seed_;
  uint32_t linksAdded_ = 0;
  uint64_t nextToken_ = 1;
  std::vector<std::unique_ptr<Link>> slots_;
  std::vector<uint32_t> freeSlots_;
  std::unordered_map<std::string, uint32_t> byName_;
  std::priority_queue<HeapEntry, std::vector<HeapEntry>, std::greater<>> heap_;
};

}  // namespace anycast::lab::wire

// Engine: links and the schedule of due frames (see Engine.h).
#include "lab/wire/Engine.h"

#include <algorithm>

namespace anycast::lab::wire {

Engine::Engine(uint32_t poolFrames, uint64_t seed) : pool_(poolFrames), seed_(seed) {}

Result<uint32_t> Engine::addLink(const std::string& name, const LinkParams& params, int portA,
                                 int portB) {
  if (byName_.count(name)) return failWith("link \"" + name + "\" exists already");
  // Each link (and direction) draws from its own stream, fixed by the seed and the order in
  // which links were added.
  uint32_t id = ++linksAdded_;
  uint64_t linkSeed = seed_ + 0x9e3779b97f4a7c15ULL * id;
  auto link = std::make_unique<Link>(id, name, params, portA, portB, linkSeed);
  uint32_t slot;
  if (freeSlots_.empty()) {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.push_back(std::move(link));
  } else {
    slot = freeSlots_.back();
    freeSlots_.pop_back();
    slots_[slot] = std::move(link);
  }
  byName_[name] = slot;
  return slot;
}

bool Engine::removeLink(const std::string& name) {
  auto it = byName_.find(name);
  if (it == byName_.end()) return false;
  uint32_t slot = it->second;
  setCut(*slots_[slot], true);  // frees the queued frames; its heap entries die with it
  slots_[slot].reset();
  freeSlots_.push_back(slot);
  byName_.erase(it);
  return true;
}

Link* Engine::find(const std::string& name) {
  std::optional<uint32_t> slot = slotOf(name);
  return slot ? slots_[*slot].get() : nullptr;
}

std::optional<uint32_t> Engine::slotOf(const std::string& name) const {
  auto it = byName_.find(name);
  if (it == byName_.end()) return std::nullopt;
  return it->second;
}

std::vector<const Link*> Engine::links() const {
  std::vector<const Link*> out;
  for (const auto& l : slots_) {
    if (l) out.push_back(l.get());
  }
  std::sort(out.begin(), out.end(), [](const Link* x, const Link* y) { return x->name < y->name; });
  return out;
}

void Engine::setCut(Link& link, bool cut) {
  for (size_t d = 0; d < 2; ++d) {
    link.dirs[d].setCut(cut);
    if (!cut) continue;
    link.dirs[d].dropAll([this](uint32_t frame) { pool_.release(frame); });
    link.heapToken[d] = 0;
  }
}

void Engine::receive(uint32_t slot, Side from, uint32_t frame, uint32_t size, TimePoint now) {
  Link& link = *slots_[slot];
  Direction& dir = link.from(from);
  if (dir.offer(frame, size, now) != Direction::Verdict::kQueued) {
    pool_.release(frame);
    return;
  }
  uint8_t d = static_cast<uint8_t>(from);
  if (link.heapToken[d] == 0) schedule(slot, d);  // else the head is scheduled already
}

void Engine::schedule(uint32_t slot, uint8_t dir) {
  Link& link = *slots_[slot];
  link.heapToken[dir] = nextToken_++;
  heap_.push(HeapEntry{link.dirs[dir].headDue(), link.heapToken[dir], slot, dir});
}

bool Engine::live(const HeapEntry& e) {
  Link* link = at(e.slot);
  return link && link->heapToken[e.dir] == e.token;
}

void Engine::transmitDue(TimePoint now, FrameSink& sink) {
  while (!heap_.empty() && heap_.top().due <= now) {
    HeapEntry e = heap_.top();
    heap_.pop();
    if (!live(e)) continue;  // the direction was emptied by a cut, or the link removed
    Link& link = *slots_[e.slot];
    link.heapToken[e.dir] = 0;
    Direction& dir = link.dirs[e.dir];
    int port = link.ports[1 - e.dir];
    while (!dir.empty() && dir.headDue() <= now) {
      QueuedFrame f = dir.pop();
      sink.send(Departure{e.slot, link.id, e.dir, port, f.frame, f.size});
    }
    if (!dir.empty()) schedule(e.slot, e.dir);
  }
}

void Engine::written(uint32_t slot, uint32_t linkId, uint8_t dir, int64_t result) {
  Link* link = at(slot);
  if (!link || link->id != linkId) return;
  DirectionCounters& c = link->dirs[dir].counters();
  if (result < 0) {
    ++c.dropError;
    return;
  }
  ++c.txPackets;
  c.txBytes += static_cast<uint64_t>(result);
}

std::optional<TimePoint> Engine::nextDue() {
  while (!heap_.empty() && !live(heap_.top())) heap_.pop();
  if (heap_.empty()) return std::nullopt;
  return heap_.top().due;
}

}  // namespace anycast::lab::wire

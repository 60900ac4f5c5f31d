#include "server/link_simulation.hpp"

#include <atomic>
#include <chrono>
#include <thread>

namespace tds_server {

namespace {

std::atomic<int64_t> g_bandwidth_mbit{0};
std::atomic<int64_t> g_rtt_us{0};

void sleep_us(int64_t microseconds) {
  if (microseconds > 0)
    std::this_thread::sleep_for(std::chrono::microseconds(microseconds));
}

} // namespace

int64_t link_transfer_us(const LinkSettings &link, std::size_t bytes) {
  if (link.bandwidth_mbit <= 0)
    return 0;
  // bits / (Mbit/s) = microseconds
  return static_cast<int64_t>((static_cast<unsigned __int128>(bytes) * 8 + link.bandwidth_mbit - 1) /
                              static_cast<unsigned __int128>(link.bandwidth_mbit));
}

void arm_link(const LinkSettings &link) {
  g_bandwidth_mbit = link.bandwidth_mbit < 0 ? 0 : link.bandwidth_mbit;
  g_rtt_us = link.rtt_us < 0 ? 0 : link.rtt_us;
}

LinkSettings current_link() { return {g_bandwidth_mbit.load(), g_rtt_us.load()}; }

void wait_for_arrival(std::size_t bytes) {
  const LinkSettings link = current_link();
  if (link.active())
    sleep_us(link.rtt_us / 2 + link_transfer_us(link, bytes));
}

void wait_for_departure(std::size_t bytes, bool first_of_response) {
  const LinkSettings link = current_link();
  if (link.active())
    sleep_us((first_of_response ? link.rtt_us - link.rtt_us / 2 : 0) + link_transfer_us(link, bytes));
}

} // namespace tds_server

// A simulated network link between the client and the test server, armed like
// its faults (EXEC tds_test_fault @kind = 'link', @bandwidth_mbit = 1000,
// @rtt_us = 500): every message the server receives arrives half a round trip
// late, every response leaves half a round trip late, and every byte either
// way takes its time at the bandwidth. So a remote SQL Server on another host
// can be imitated on one machine. Process-wide; @kind = 'clear' ends it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tds_server {

struct LinkSettings {
  int64_t bandwidth_mbit = 0; // 0: no limit
  int64_t rtt_us = 0;         // round trip; each direction waits half
  bool active() const { return bandwidth_mbit > 0 || rtt_us > 0; }
};

// Microseconds that `bytes` take on the link at its bandwidth (0 without a limit).
int64_t link_transfer_us(const LinkSettings &link, std::size_t bytes);

void arm_link(const LinkSettings &link);
LinkSettings current_link();

// Waits what a message of `bytes` bytes takes to arrive from the client.
void wait_for_arrival(std::size_t bytes);
// Waits before sending `bytes` bytes; first_of_response adds the one-way delay.
void wait_for_departure(std::size_t bytes, bool first_of_response);

} // namespace tds_server

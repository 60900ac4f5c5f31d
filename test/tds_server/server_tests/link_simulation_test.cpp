#include "server/link_simulation.hpp"

#include <gtest/gtest.h>

using namespace tds_server;

TEST(LinkSimulation, TransferTimeAtTheBandwidth) {
  EXPECT_EQ(link_transfer_us({1000, 0}, 125'000), 1000); // 1 Mbit at 1 Gbit/s: 1 ms
  EXPECT_EQ(link_transfer_us({8, 0}, 1'000'000), 1'000'000); // 1 MB at 8 Mbit/s: 1 s
  EXPECT_EQ(link_transfer_us({1000, 0}, 1), 1);              // rounded up, never free
  EXPECT_EQ(link_transfer_us({0, 500}, 1'000'000), 0);       // no bandwidth limit
}

TEST(LinkSimulation, ArmedProcessWideAndCleared) {
  arm_link({100, 500});
  EXPECT_TRUE(current_link().active());
  EXPECT_EQ(current_link().bandwidth_mbit, 100);
  EXPECT_EQ(current_link().rtt_us, 500);
  arm_link({-1, -5}); // negative values mean none
  EXPECT_FALSE(current_link().active());
  arm_link({});
  EXPECT_FALSE(current_link().active());
}

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <thread>

#include "base/UniqueFd.h"
#include "control/ControlClient.h"
#include "control/ControlServer.h"
#include "control/TextFormat.h"

namespace anycast::control {
namespace {

Result<Json> echoHandler(const Json& request) {
  std::string command = request.at("command").get<std::string>();
  if (command == "fail") return failWith("it failed");
  if (command == "list") return Json::array({Json{{"name", "a"}, {"state", "Established"}}});
  if (command == "typed") return Json{{"n", request.at("n").get<int>()}};
  return Json{{"echo", command}};
}

TEST(AnswerRequest, WrapsResultsAndErrors) {
  EXPECT_EQ(Json::parse(answerRequest(R"({"command":"x"})", echoHandler)),
            (Json{{"echo", "x"}, {"ok", true}}));
  EXPECT_EQ(Json::parse(answerRequest(R"({"command":"fail"})", echoHandler)),
            (Json{{"ok", false}, {"error", "it failed"}}));
  auto list = Json::parse(answerRequest(R"({"command":"list"})", echoHandler));
  EXPECT_TRUE(list["ok"].get<bool>());
  EXPECT_EQ(list["result"][0]["name"], "a");
}

TEST(AnswerRequest, BadRequestsGetAnErrorNotACrash) {
  for (const char* bad :
       {"", "not json", "[1,2]", R"({"no":"command"})", R"({"command":"typed","n":"x"})"}) {
    auto reply = Json::parse(answerRequest(bad, echoHandler));
    EXPECT_FALSE(reply["ok"].get<bool>()) << bad;
    EXPECT_FALSE(reply["error"].get<std::string>().empty()) << bad;
  }
}

TEST(ControlServer, AnswersOverTheUnixSocket) {
  std::string path = ::testing::TempDir() + "control-test.sock";
  asio::io_context io;
  ControlServer server(io, path, 0600, echoHandler);
  Result<Json> reply = failWith("not run");
  std::thread client([&] {
    reply = sendRequest(path, Json{{"command", "hello"}});
    io.stop();
  });
  io.run_for(std::chrono::seconds(10));  // bound: the client stops the loop when done
  client.join();
  ASSERT_TRUE(reply.ok()) << reply.error().message;
  EXPECT_EQ((*reply)["echo"], "hello");
}

TEST(ControlClient, AskGivesThePayloadOrTheDaemonsError) {
  std::string path = ::testing::TempDir() + "control-ask.sock";
  asio::io_context io;
  ControlServer server(io, path, 0600, echoHandler);
  Result<Json> listed = failWith("not run"), refused = failWith("not run");
  std::thread client([&] {
    listed = ask(path, Json{{"command", "list"}}, std::chrono::seconds(10));
    refused = ask(path, Json{{"command", "fail"}}, std::chrono::seconds(10));
    io.stop();
  });
  io.run_for(std::chrono::seconds(10));  // bound: the client stops the loop when done
  client.join();
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  ASSERT_TRUE(listed->is_array());
  EXPECT_EQ((*listed)[0]["name"], "a");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message, path + ": it failed");
}

TEST(ControlClient, SaysWhenNoDaemonListens) {
  auto reply = sendRequest("/nonexistent/anycastd.sock", Json{{"command", "status"}});
  ASSERT_FALSE(reply.ok());
  EXPECT_NE(reply.error().message.find("is anycastd running"), std::string::npos);
}

TEST(ControlClient, GivesUpOnADaemonThatDoesNotAnswer) {
  std::string path = ::testing::TempDir() + "control-silent.sock";
  ::unlink(path.c_str());
  UniqueFd listener(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof(address.sun_path) - 1);
  ASSERT_EQ(::bind(listener.get(), reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(::listen(listener.get(), 4), 0);  // connections wait in the backlog, unanswered
  auto reply = sendRequest(path, Json{{"command", "status"}}, std::chrono::milliseconds(100));
  ASSERT_FALSE(reply.ok());
  EXPECT_NE(reply.error().message.find("no reply from " + path), std::string::npos)
      << reply.error().message;
  ::unlink(path.c_str());
}

TEST(TextFormat, PrintsPeersAsATable) {
  Json reply{
      {"ok", true},
      {"result",
       Json::array({Json{
           {"name", "bird"}, {"address", "10.0.0.2"}, {"as", 65002}, {"state", "Established"}}})}};
  std::string out = formatReply("show-peers", reply);
  EXPECT_NE(out.find("NAME"), std::string::npos);
  EXPECT_NE(out.find("bird"), std::string::npos);
  EXPECT_NE(out.find("Established"), std::string::npos);
  EXPECT_EQ(replyPayload(reply).size(), 1u);
  EXPECT_EQ(formatReply("withdraw", Json{{"ok", true}}), "ok\n");
}

}  // namespace
}  // namespace anycast::control

// The chat box of hackbot's event page: sends the question to POST /chat, shows the answers,
// and turns the assistant's buttons into real <button>s that send their payload.
(function () {
  "use strict";
  var box = document.getElementById("chat");
  if (!box || !window.fetch) { return; }
  var form = document.getElementById("chat-form");
  var input = document.getElementById("chat-input");
  var log = document.getElementById("chat-log");
  var data = box.dataset;
  var busy = false;
  form.hidden = false;

  function appendText(parent, text) {
    // Web addresses become links; everything else stays text (never HTML).
    text.split(/(https?:\/\/[^\s<>"]+)/).forEach(function (part, index) {
      if (index % 2 === 1) {
        var link = document.createElement("a");
        link.href = part;
        link.textContent = part;
        parent.appendChild(link);
      } else if (part) {
        parent.appendChild(document.createTextNode(part));
      }
    });
  }

  function add(who, text, kind) {
    var message = document.createElement("p");
    message.className = "msg " + kind;
    var name = document.createElement("span");
    name.className = "who";
    name.textContent = who;
    var body = document.createElement("span");
    body.className = "body";
    appendText(body, text);
    message.appendChild(name);
    message.appendChild(body);
    log.appendChild(message);
    log.scrollTop = log.scrollHeight;
    return message;
  }

  function addButtons(buttons) {
    var group = document.createElement("div");
    group.className = "choices";
    buttons.forEach(function (button) {
      var element = document.createElement("button");
      element.type = "button";
      element.textContent = button.title || button.payload;
      element.addEventListener("click", function () {
        send(button.payload, button.title || button.payload);
        input.focus();
      });
      group.appendChild(element);
    });
    log.appendChild(group);
  }

  function show(answer) {
    var messages = (answer && answer.messages) || [];
    if (!messages.length) { add(data.bot, data.noAnswer, "from-bot"); }
    messages.forEach(function (message) {
      if (message.text) { add(data.bot, message.text, "from-bot"); }
      if (message.buttons && message.buttons.length) { addButtons(message.buttons); }
    });
  }

  function send(message, shown) {
    if (busy) { return; }
    busy = true;
    add(data.you, shown, "from-you");
    var waiting = add(data.bot, data.wait, "from-bot waiting");
    fetch(data.url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ message: message, lang: data.lang })
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      waiting.remove();
      show(answer);
    }).catch(function () {
      waiting.remove();
      add(data.bot, data.unavailable, "from-bot");
    }).then(function () {
      busy = false;
      log.scrollTop = log.scrollHeight;
    });
  }

  // The organisers' replies to questions passed on from this browser, shown when the page opens.
  fetch(data.url + "/replies", {
    method: "POST", credentials: "same-origin", headers: { "Accept": "application/json" }
  }).then(function (response) {
    return response.json();
  }).then(function (answer) {
    if (answer && answer.messages && answer.messages.length) { show(answer); }
  }).catch(function () {});

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || busy) { return; }
    input.value = "";
    send(text, text);
    input.focus();
  });
})();

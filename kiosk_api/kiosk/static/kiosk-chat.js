/* The chat without page reloads: the same form fields go to the same URL with fetch, and the
   conversation is kept in sessionStorage for this person only (the idle wipe clears it). */
(function () {
  "use strict";
  var KEY = "kiosk.chat";
  var log = document.getElementById("chat-log");
  var form = document.getElementById("chat-form");
  var waiting = document.getElementById("chat-waiting");
  var errorBox = document.getElementById("chat-error");
  var action = form.getAttribute("action");
  var busy = false;

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(KEY) || "[]");
    } catch (e) {
      return [];
    }
  }

  function save(entries) {
    try {
      sessionStorage.setItem(KEY, JSON.stringify(entries));
    } catch (e) {
      /* storage full or disabled: the page still shows the conversation */
    }
  }

  function each(nodes, fn) {
    return Array.prototype.map.call(nodes, fn);
  }

  // A turn the server rendered (sent from another page's button) joins the stored ones.
  function renderedTurn() {
    return each(log.querySelectorAll("li.bubble"), function (item) {
      return {
        who: item.dataset.who,
        text: item.querySelector(".bubble-text").textContent,
        buttons: each(item.querySelectorAll("form.quick-reply"), function (reply) {
          return { title: reply.elements.title.value, payload: reply.elements.payload.value };
        }),
      };
    });
  }

  function quickReply(button) {
    var reply = document.createElement("form");
    reply.className = "quick-reply";
    reply.method = "post";
    reply.setAttribute("action", action);
    reply.setAttribute("data-chat", "");
    [["title", button.title], ["payload", button.payload]].forEach(function (field) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = field[0];
      input.value = field[1];
      reply.appendChild(input);
    });
    var submit = document.createElement("button");
    submit.className = "button reply-button";
    submit.type = "submit";
    submit.textContent = button.title;
    reply.appendChild(submit);
    return reply;
  }

  function render(entries) {
    var lastUser = entries.map(function (entry) {
      return entry.who;
    }).lastIndexOf("user");
    log.textContent = "";
    entries.forEach(function (entry, index) {
      var item = document.createElement("li");
      item.className = "bubble " + (entry.who === "user" ? "user" : "bot");
      item.dataset.who = entry.who;
      var text = document.createElement("p");
      text.className = "bubble-text";
      text.textContent = entry.text;
      item.appendChild(text);
      // Only the latest answer offers its quick replies; older ones answer a past question.
      if (index > lastUser && entry.buttons && entry.buttons.length) {
        var replies = document.createElement("div");
        replies.className = "replies";
        entry.buttons.forEach(function (button) {
          replies.appendChild(quickReply(button));
        });
        item.appendChild(replies);
      }
      log.appendChild(item);
    });
    if (log.lastElementChild) {
      log.lastElementChild.scrollIntoView({ block: "nearest" });
    }
  }

  function showError(message) {
    errorBox.querySelector(".error-message").textContent = message;
    errorBox.hidden = !message;
  }

  var entries = load().concat(renderedTurn());
  save(entries);
  render(entries);

  document.addEventListener("submit", function (event) {
    var sent = event.target;
    if (!sent.hasAttribute("data-chat")) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    waiting.hidden = false;
    showError("");
    fetch(action, {
      method: "POST",
      body: new URLSearchParams(new FormData(sent)),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (!result.ok) {
          showError(result.body.error ? result.body.error.message : "发送失败，请重试。");
          return;
        }
        entries.push({ who: "user", text: result.body.said, buttons: [] });
        result.body.messages.forEach(function (message) {
          entries.push({ who: "bot", text: message.text, buttons: message.buttons });
        });
        save(entries);
        render(entries);
        if (sent === form) {
          form.reset();
        }
      })
      .catch(function () {
        showError("暂时无法连接智能助手，请稍后再试，或到窗口咨询。");
      })
      .then(function () {
        busy = false;
        waiting.hidden = true;
      });
  });
})();

/*
 * Stripe.js stand-in served by stripe_emulator (tests and the offline demo only; never production).
 *
 * Implements just: Stripe(publishableKey), stripe.elements({clientSecret, appearance}),
 * elements.create("payment").mount(selectorOrElement), elements.submit(), stripe.confirmPayment({...}),
 * stripe.confirmSetup({...}) and stripe.retrievePaymentIntent(clientSecret).
 * The Payment Element is an accessible <select> of test payment methods labelled "Test card".
 * API calls go to the emulator this script was loaded from (or window.__STRIPE_EMULATOR_BASE__), with the
 * publishable key and the intent's client_secret, as real Stripe.js does. A card that needs 3-D Secure shows a
 * challenge, as Stripe's test mode does: a dialog "3D Secure 2 Test Page" with "Complete" and "Fail" buttons; the
 * choice goes to the emulator's authenticate control. Scripts without a page (window.__STRIPE_EMULATOR_3DS_OUTCOME__
 * set to "succeed" or "fail") skip the dialog.
 */
(function () {
  "use strict";

  var CHOICES = [
    ["pm_card_visa", "Visa 4242 (succeeds)"],
    ["pm_card_chargeDeclined", "Visa 0002 (declined)"],
    ["pm_card_authenticationRequired", "Visa 3184 (3D Secure)"],
    ["pm_card_threeDSecure2Required", "Visa 3220 (3D Secure 2 challenge)"],
    ["pm_card_createDispute", "Visa 0259 (disputed)"]
  ];
  var script = document.currentScript;
  var counter = 0;

  function apiBase() {
    if (window.__STRIPE_EMULATOR_BASE__) return String(window.__STRIPE_EMULATOR_BASE__).replace(/\/$/, "");
    if (script && script.src) return new URL(script.src, window.location.href).origin;
    return "http://127.0.0.1:12111";
  }

  function encode(params, prefix, out) {
    out = out || [];
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      var name = prefix ? prefix + "[" + key + "]" : key;
      if (value === undefined || value === null) return;
      if (typeof value === "object") encode(value, name, out);
      else out.push(encodeURIComponent(name) + "=" + encodeURIComponent(String(value)));
    });
    return out.join("&");
  }

  function call(key, method, path, params) {
    var url = apiBase() + path;
    var init = { method: method, headers: { Authorization: "Bearer " + key } };
    if (method === "GET") {
      url += "?" + encode(params);
    } else {
      init.headers["Content-Type"] = "application/x-www-form-urlencoded";
      init.body = encode(params);
    }
    return fetch(url, init).then(function (response) {
      return response.json().then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  function toError(err, intentKey, intent) {
    var out = {
      type: err.type || "api_error",
      code: err.code,
      decline_code: err.decline_code,
      message: err.message,
      param: err.param
    };
    if (intent || err[intentKey]) out[intentKey] = intent || err[intentKey];
    if (err.payment_method) out.payment_method = err.payment_method;
    return out;
  }

  // Stripe's test-mode challenge, as a modal dialog on the page. Resolves "succeed" or "fail" (Escape fails it).
  function challenge() {
    return new Promise(function (resolve) {
      var backdrop = document.createElement("div");
      backdrop.style.cssText =
        "position:fixed;inset:0;background:rgba(0,0,0,.55);display:flex;align-items:center;justify-content:center;" +
        "z-index:2147483647";
      var dialog = document.createElement("div");
      var heading = document.createElement("h2");
      var note = document.createElement("p");
      var id = "stripe-emulator-3ds-" + ++counter;
      dialog.setAttribute("role", "dialog");
      dialog.setAttribute("aria-modal", "true");
      dialog.setAttribute("aria-labelledby", id);
      dialog.style.cssText =
        "background:#fff;color:#1b1f24;border-radius:8px;padding:1.25rem;width:min(24rem,90vw);font-family:system-ui";
      heading.id = id;
      heading.textContent = "3D Secure 2 Test Page";
      note.textContent = "Your bank asks you to confirm this payment. (A test page, as Stripe shows in test mode.)";
      dialog.appendChild(heading);
      dialog.appendChild(note);
      function finish(outcome) {
        document.removeEventListener("keydown", onKey);
        backdrop.parentNode.removeChild(backdrop);
        resolve(outcome);
      }
      function onKey(event) {
        if (event.key === "Escape") finish("fail");
      }
      [["Complete", "succeed", "#0b5cad"], ["Fail", "fail", "#6b1d1d"]].forEach(function (choice) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = choice[0];
        button.style.cssText =
          "display:block;width:100%;margin-top:.6rem;padding:.75rem;font-size:1rem;border:0;border-radius:6px;" +
          "color:#fff;background:" + choice[2];
        button.addEventListener("click", function () {
          finish(choice[1]);
        });
        dialog.appendChild(button);
      });
      backdrop.appendChild(dialog);
      document.body.appendChild(backdrop);
      document.addEventListener("keydown", onKey);
      dialog.querySelector("button").focus();
    });
  }

  function idFromSecret(secret) {
    return String(secret).split("_secret_")[0];
  }

  function PaymentElement(elements, options) {
    this._elements = elements;
    this._options = options || {};
    this._handlers = {};
    this._select = null;
    this._container = null;
  }

  PaymentElement.prototype.mount = function (target) {
    var host = typeof target === "string" ? document.querySelector(target) : target;
    if (!host) throw new Error("stripe.js stand-in: mount target not found: " + target);
    var id = "stripe-emulator-payment-" + ++counter;
    var container = document.createElement("div");
    container.className = "StripeElement StripeElement--payment";
    container.setAttribute("data-testid", "stripe-payment-element");
    var label = document.createElement("label");
    label.setAttribute("for", id);
    label.textContent = "Test card";
    var select = document.createElement("select");
    select.id = id;
    select.name = "payment_method";
    CHOICES.forEach(function (choice) {
      var option = document.createElement("option");
      option.value = choice[0];
      option.textContent = choice[1];
      select.appendChild(option);
    });
    var self = this;
    select.addEventListener("change", function () {
      self._emit("change", { elementType: "payment", complete: true, empty: false, value: { type: "card" } });
    });
    container.appendChild(label);
    container.appendChild(select);
    host.innerHTML = "";
    host.appendChild(container);
    this._select = select;
    this._container = container;
    setTimeout(function () {
      self._emit("ready", { elementType: "payment" });
    }, 0);
    return this;
  };

  PaymentElement.prototype.value = function () {
    return this._select ? this._select.value : null;
  };
  PaymentElement.prototype.on = function (name, handler) {
    (this._handlers[name] = this._handlers[name] || []).push(handler);
    return this;
  };
  PaymentElement.prototype.off = function (name, handler) {
    this._handlers[name] = (this._handlers[name] || []).filter(function (h) {
      return h !== handler;
    });
    return this;
  };
  PaymentElement.prototype._emit = function (name, event) {
    (this._handlers[name] || []).forEach(function (handler) {
      handler(event);
    });
  };
  PaymentElement.prototype.focus = function () {
    if (this._select) this._select.focus();
  };
  PaymentElement.prototype.update = function (options) {
    Object.assign(this._options, options || {});
  };
  PaymentElement.prototype.unmount = function () {
    if (this._container && this._container.parentNode) this._container.parentNode.removeChild(this._container);
    this._select = null;
  };
  PaymentElement.prototype.destroy = PaymentElement.prototype.unmount;

  function Elements(stripe, options) {
    this._stripe = stripe;
    this._options = options || {};
    this._payment = null;
  }

  Elements.prototype.create = function (type, options) {
    if (type !== "payment") throw new Error("stripe.js stand-in only supports the \"payment\" element, not " + type);
    this._payment = new PaymentElement(this, options);
    return this._payment;
  };
  Elements.prototype.getElement = function (type) {
    return type === "payment" ? this._payment : null;
  };
  Elements.prototype.update = function (options) {
    Object.assign(this._options, options || {});
  };
  Elements.prototype.fetchUpdates = function () {
    return Promise.resolve({});
  };
  Elements.prototype.submit = function () {
    if (!this._payment || !this._payment._select) {
      return Promise.resolve({
        error: { type: "validation_error", code: "incomplete", message: "The Payment Element is not mounted." }
      });
    }
    return Promise.resolve({});
  };

  function Stripe(publishableKey, options) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey, options);
    if (!publishableKey || String(publishableKey).indexOf("pk_") !== 0) {
      throw new Error("Invalid value for Stripe(): apiKey should be a publishable key (pk_...).");
    }
    this._key = publishableKey;
    this._options = options || {};
  }

  Stripe.prototype.elements = function (options) {
    return new Elements(this, options);
  };

  Stripe.prototype.retrievePaymentIntent = function (clientSecret) {
    var id = idFromSecret(clientSecret);
    return call(this._key, "GET", "/v1/payment_intents/" + id, { client_secret: clientSecret }).then(function (res) {
      return res.status >= 400 ? { error: toError(res.body.error, "payment_intent") } : { paymentIntent: res.body };
    });
  };

  Stripe.prototype._confirm = function (kind, options) {
    options = options || {};
    var key = this._key;
    var elements = options.elements;
    var secret = options.clientSecret || (elements && elements._options.clientSecret);
    var confirmParams = Object.assign({}, options.confirmParams || {});
    var intentKey = kind === "payment_intents" ? "payment_intent" : "setup_intent";
    var resultKey = kind === "payment_intents" ? "paymentIntent" : "setupIntent";
    if (!secret) {
      return Promise.resolve({ error: { type: "invalid_request_error", message: "Missing clientSecret." } });
    }
    var id = idFromSecret(secret);
    var pm = elements && elements._payment ? elements._payment.value() : confirmParams.payment_method;
    var params = Object.assign(confirmParams, { payment_method: pm, client_secret: secret });
    var path = "/v1/" + kind + "/" + id;
    var redirect = options.redirect || "always";
    return call(key, "POST", path + "/confirm", params)
      .then(function (res) {
        if (res.status >= 400) return { error: toError(res.body.error, intentKey) };
        var intent = res.body;
        if (intent.status !== "requires_action") return { intent: intent };
        var preset = window.__STRIPE_EMULATOR_3DS_OUTCOME__;
        return (preset ? Promise.resolve(preset) : challenge())
          .then(function (outcome) {
            return fetch(apiBase() + "/_emulator/" + kind + "/" + id + "/authenticate", {
              method: "POST",
              headers: { "Content-Type": "application/x-www-form-urlencoded" },
              body: "outcome=" + encodeURIComponent(outcome)
            });
          })
          .then(function () {
            return call(key, "GET", path, { client_secret: secret });
          })
          .then(function (again) {
            return again.status >= 400 ? { error: toError(again.body.error, intentKey) } : { intent: again.body };
          });
      })
      .then(function (result) {
        if (result.error) return result;
        var intent = result.intent;
        var lastError = intent.last_payment_error || intent.last_setup_error;
        if (intent.status === "requires_payment_method" && lastError) {
          return { error: toError(lastError, intentKey, intent) };
        }
        var returnUrl = confirmParams.return_url;
        if (redirect === "always" && returnUrl) {
          var sep = returnUrl.indexOf("?") >= 0 ? "&" : "?";
          window.location.assign(
            returnUrl + sep + intentKey + "=" + intent.id + "&" + intentKey + "_client_secret=" +
              encodeURIComponent(secret) + "&redirect_status=" + (intent.status === "succeeded" ? "succeeded" : "failed")
          );
          return new Promise(function () {});
        }
        var out = {};
        out[resultKey] = intent;
        return out;
      });
  };

  Stripe.prototype.confirmPayment = function (options) {
    return this._confirm("payment_intents", options);
  };
  Stripe.prototype.confirmSetup = function (options) {
    return this._confirm("setup_intents", options);
  };

  window.Stripe = Stripe;
})();

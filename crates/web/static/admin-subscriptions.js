// Subscription form (/admin/plans): the campus list shows only the chosen client's campuses.
// Without this script every campus is listed under its client's name, and the server refuses
// a campus of another client either way.
(function () {
  "use strict";
  var client = document.getElementById("sub-client_id");
  var campus = document.getElementById("sub-campus_id");
  if (!client || !campus) return;
  function filter() {
    var chosen = client.value;
    Array.prototype.forEach.call(campus.options, function (o) {
      var owner = o.getAttribute("data-client");
      if (!owner) return; // "the whole client"
      var show = chosen !== "" && owner === chosen;
      o.hidden = !show;
      o.disabled = !show;
      if (!show && o.selected) campus.value = "";
    });
  }
  client.addEventListener("change", filter);
  filter();
})();

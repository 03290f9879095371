/* Region picker for Kemendagri region codes: province -> regency/city ->
 * district selects, each filled from satudata_codelist_show with the codes
 * under the level above; "add" appends the deepest chosen code to the text
 * field (comma separated). The text field stays usable on its own. */
"use strict";

ckan.module("satudata-region-picker", function ($) {
  var LEVELS = ["wilayah_provinsi", "wilayah_kabkota", "wilayah_kecamatan"];

  return {
    options: {
      input: null,
      placeholder: "",
      addLabel: "Add",
    },

    initialize: function () {
      var self = this;
      this.input = $(document.getElementById(this.options.input));
      this.selects = LEVELS.map(function (name, level) {
        var select = $('<select class="form-select form-control mb-1"></select>')
          .attr("aria-label", name)
          .prop("disabled", level > 0);
        select.on("change", function () { self._changed(level); });
        self.el.append(select);
        return select;
      });
      $('<button type="button" class="btn btn-secondary btn-sm"></button>')
        .text(this.options.addLabel)
        .on("click", function () { self._add(); })
        .appendTo(this.el);
      this._load(0, null);
    },

    _load: function (level, parent) {
      var select = this.selects[level];
      var placeholder = this.options.placeholder;
      var params = { name: LEVELS[level] };
      if (parent) { params.parent = parent; }
      $.getJSON(ckan.url("/api/3/action/satudata_codelist_show"), params)
        .done(function (response) {
          select.empty().append($("<option value=''></option>").text(placeholder));
          $.each(response.result.items, function (_, item) {
            select.append($("<option></option>").val(item.code)
              .text(item.label + " (" + item.code + ")"));
          });
          select.prop("disabled", false);
        });
    },

    _changed: function (level) {
      for (var next = level + 1; next < LEVELS.length; next++) {
        this.selects[next].empty().prop("disabled", true);
      }
      var code = this.selects[level].val();
      if (code && level + 1 < LEVELS.length) { this._load(level + 1, code); }
    },

    _add: function () {
      var code = null;
      this.selects.forEach(function (select) { if (select.val()) { code = select.val(); } });
      if (!code) { return; }
      var codes = this.input.val().split(/[\s,]+/).filter(Boolean);
      if (codes.indexOf(code) < 0) { codes.push(code); }
      this.input.val(codes.join(", ")).trigger("change");
    },
  };
});

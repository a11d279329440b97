'use strict';
// An operating model's change page: the municipalities' autocomplete asks only for those of
// the wellbeing services counties chosen in the same form. Django's autocomplete (select2)
// sends term, page and field; this adds `counties=1,2` to its requests. Without this script
// every municipality is offered, as before.
{
    const chosenCounties = () => {
        // filter_horizontal moves the chosen ones into #id_counties_to; without its script
        // they are the selected options of the plain #id_counties.
        const chosen = document.getElementById('id_counties_to');
        const options = chosen ? Array.from(chosen.options)
            : Array.from(document.querySelectorAll('#id_counties option:checked'));
        return options.map((option) => option.value).filter((value) => /^\d+$/.test(value));
    };

    // Once every script has run: Django's jQuery (jquery.init.js) may come after this one.
    document.addEventListener('DOMContentLoaded', () => {
        if (!(window.django && django.jQuery)) {
            return;
        }
        django.jQuery.ajaxPrefilter((options) => {
            const data = String(options.data || '');
            if (!/(^|&)field_name=municipalities(&|$)/.test(data)) {
                return;
            }
            const counties = chosenCounties();
            if (counties.length) {
                options.data = data + '&counties=' + counties.join(',');
            }
        });
    });
}

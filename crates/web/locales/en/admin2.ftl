# Admin screens: holidays, target units, warnings, delete confirmation and what still uses an object.
admin2-holiday-yearly = { $date }, every year

# Account e-mails (service::account_mail): the invitation and the password reset.
# Variables: $name, $email, $link (single use), $days (invitation), $hours (reset).
account-invite-subject = Elija su contraseña de Atiende
account-invite-body =
    Hola, {$name}:

    Le creamos un usuario en Atiende, nuestra mesa de ayuda, con la dirección {$email}.
    Para empezar, elija su contraseña en este enlace (sirve una sola vez durante {$days} días):

    {$link}

    Si el enlace venció, pida otro al administrador o use «¿Olvidó su contraseña?» en la página de ingreso.
account-reset-subject = Restablecer su contraseña de Atiende
account-reset-body =
    Hola, {$name}:

    Alguien (seguramente usted) pidió restablecer la contraseña de {$email}.
    Para elegir una nueva, abra este enlace (sirve una sola vez durante {$hours} hora):

    {$link}

    Si no lo pidió, ignore este correo: su contraseña no cambia.
    Al elegir una nueva se cierran todas sus sesiones y se revocan sus tokens de API.
account-mail-footer =
    --
    Mesa de ayuda Atiende. Este correo se envía solo cuando se crea su usuario o se pide restablecer su contraseña.

# Sign-in, input checks and user deactivation.
login-email-invalid = El correo electrónico contiene caracteres no permitidos.
error-bad-character = El campo «{ $field }» contiene un carácter no permitido (por ejemplo, un carácter nulo).
admin-user-status = Estado
admin-user-active = Activo
admin-user-inactive = Desactivado
admin-user-deactivate = Desactivar
admin-user-reactivate = Reactivar
admin-user-in-history = Este usuario figura en tickets, mensajes, registros de tiempo, cotizaciones, el historial o respuestas guardadas, y no se puede eliminar. Desactívelo: ya no podrá ingresar y su nombre se conserva en el historial.
admin-user-not-self = No puede desactivarse ni eliminarse a sí mismo.

//! Escuela de Negocios Ibérica (client 2, Madrid): on the business-hours plan, so these stories
//! count on the Madrid calendar; campus 0 is theirs, campus 1 hosted by us. Written with "os".

use domain::{
    Priority::{High, Low, Medium, Urgent},
    ticket::Category::{
        Administrative as Adm, Commercial as Com, Complaint as Rec, Functional as Fun,
        Technical as Tec,
    },
};

use super::{
    DemoTicket,
    Fate::{AutoClose, New, Open},
    SUPERVISOR, closed, resolved, t, waiting,
};

pub(super) fn tickets() -> Vec<DemoTicket> {
    vec![
        t(2, Some(1), Tec, Urgent, "Caída total del campus de formación",
          "El campus de formación devuelve un error de conexión desde las 7:30. Tenemos sesiones a las 10:00.",
          resolved(80.0), 0.7)
            .to(2).tags(&["caida"])
            .answer("El servicio está restablecido. La máquina virtual se había quedado sin memoria tras una actualización del sistema; hemos ampliado la memoria y ajustado los límites."),
        t(2, Some(0), Tec, High, "Los informes de finalización tardan minutos en cargar",
          "El informe de finalización del curso de Dirección Financiera tarda más de tres minutos en abrirse.",
          Open, 0.8)
            .to(2).tags(&["rendimiento"]),
        t(2, Some(0), Fun, Low, "Dudas sobre configuración de insignias (badges)",
          "Queremos emitir una insignia al completar el itinerario de Marketing Digital. ¿Cómo se configuran los criterios?",
          Open, 0.3)
            .to(2),
        t(2, Some(1), Fun, Medium, "No se envían los recordatorios de vencimiento de tareas",
          "Los alumnos dicen que no reciben los recordatorios de las tareas que vencen mañana.",
          Open, 1.5)
            .to(2).tags(&["correo"])
            .client_msg("¿Hay alguna novedad? Varios alumnos se han quejado."),
        t(2, None, Adm, Medium, "Solicitud de alta de un nuevo centro de coste en la factura",
          "Necesitamos que las próximas facturas indiquen el centro de coste EN-2027-FORM.",
          waiting(30.0), 0.5)
            .to(SUPERVISOR)
            .answer("¿Nos confirmáis si el centro de coste aplica a ambas plataformas o solo al campus de formación?"),
        t(2, Some(0), Com, Low, "Integración con Microsoft Teams para clases en directo",
          "Nos interesa integrar Teams para programar las clases en directo desde el campus.",
          New, 0.2),
        t(2, Some(0), Tec, High, "Fallo en la autenticación SAML con el directorio corporativo",
          "Desde el cambio de certificado del IdP los usuarios corporativos no pueden entrar con SSO.",
          waiting(6.0), 0.85)
            .to(2).tags(&["sso"])
            .answer("El campus sigue usando el certificado anterior del IdP. ¿Podéis enviarnos los metadatos actualizados de vuestro proveedor de identidad?"),
        t(2, Some(1), Rec, Medium, "Queja: la incidencia de correo se cerró sin resolver",
          "Se nos indicó que la incidencia de correo estaba resuelta, pero seguimos igual.",
          Open, 0.85)
            .to(SUPERVISOR)
            .note("Revisar con Carmen qué se hizo en la incidencia anterior; llamar a la coordinadora."),
        t(2, Some(1), Fun, Low, "¿Cómo duplicar un curso manteniendo las actividades?",
          "Queremos reutilizar el curso de la convocatoria de otoño para primavera.",
          closed(50.0, 8.0), 0.4)
            .to(2)
            .answer("Podéis usar 'Copiar curso' desde la administración del curso; os enviamos una guía paso a paso."),
        t(2, Some(1), Tec, Medium, "El certificado PDF sale con caracteres extraños",
          "Los certificados muestran símbolos raros en lugar de tildes y eñes.",
          resolved(24.0), 1.3)
            .to(2)
            .answer("Hemos cambiado la fuente del certificado por una con soporte completo de caracteres latinos."),
        t(2, Some(1), Tec, Urgent, "Error 500 al entrar a cualquier curso",
          "Cualquier curso devuelve un error 500 desde hace un rato.",
          Open, 0.3)
            .to(2).tags(&["caida"])
            .note("Tras la purga de cachés falta un directorio en moodledata; restaurándolo."),
        t(2, Some(1), Fun, High, "Los alumnos no reciben la calificación del taller",
          "En la actividad Taller la fase de calificación terminó pero los alumnos no ven su nota.",
          New, 1.4),
        t(2, None, Adm, Low, "Copia de los registros de acceso para auditoría",
          "La auditoría interna pide los registros de acceso del último trimestre.",
          AutoClose { ago_h: 180.0 }, 0.2)
            .to(SUPERVISOR)
            .answer("Os hemos enviado los registros exportados en CSV por el canal seguro."),
        t(2, Some(1), Tec, Low, "Instalar el plugin de videoconferencia BigBlueButton",
          "Queremos activar BigBlueButton para tutorías.",
          closed(70.0, 12.0), 1.1)
            .to(2).tags(&["plugin"])
            .answer("Hemos activado la actividad BigBlueButton con el servidor recomendado."),
        t(2, Some(0), Fun, Medium, "Configurar la matriculación automática por cohortes",
          "Queremos que los alumnos de cada promoción se matriculen automáticamente en sus cursos.",
          New, 0.5),
        t(2, Some(1), Rec, Urgent, "Reclamo: el campus no está disponible y hay clases ahora",
          "El campus va muy lento y hay clases en directo ahora mismo. Es la segunda vez esta semana.",
          waiting(1.0), 0.5)
            .to(2)
            .answer("Estamos revisándolo. ¿Nos indicáis desde qué sede os conectáis y si afecta también a la red de invitados?"),
        t(2, Some(0), Fun, Medium, "No se puede ocultar una sección a un grupo",
          "Queremos ocultar la sección de evaluación a los alumnos del grupo de tarde.",
          resolved(100.0), 0.5)
            .to(2)
            .answer("Añadimos una restricción de acceso por grupo a la sección; os dejamos la explicación para repetirlo."),
    ]
}
